"""The public API is typed and documented: every public class, function and method of the
modern API has a docstring and annotations, the package ships py.typed, and the stub of the
SWIG-generated module names exactly its functions with their parameters."""
import ast
import inspect
import os

import pytest

import sctp
from sctp import aio, api, lowlevel


def public(module):
    """(qualified name, function) for the module's own public functions and methods."""
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj):
            assert inspect.getdoc(obj), name
            for member, f in vars(obj).items():
                if not member.startswith("_") and inspect.isfunction(f):
                    yield "%s.%s" % (name, member), f


@pytest.mark.parametrize("module", [api, aio], ids=lambda m: m.__name__)
def test_public_api_is_documented_and_annotated(module):
    found = list(public(module))
    assert len(found) > 10
    for name, f in found:
        assert inspect.getdoc(f), "%s has no docstring" % name
        sig = inspect.signature(f)
        assert sig.return_annotation is not inspect.Signature.empty, name
        for p in sig.parameters.values():
            assert p.name in ("self", "cls") or p.annotation is not inspect.Parameter.empty, \
                "%s(%s) is not annotated" % (name, p.name)


def test_package_is_marked_typed():
    assert os.path.exists(os.path.join(os.path.dirname(sctp.__file__), "py.typed"))


def test_lowlevel_stub_matches_the_generated_module():
    stub = os.path.join(os.path.dirname(lowlevel.__file__), "lowlevel.pyi")
    with open(stub) as f:
        tree = ast.parse(f.read())
    stubbed = {f.name: [a.arg for a in f.args.args]
               for f in tree.body if isinstance(f, ast.FunctionDef)}
    generated = {name: list(inspect.signature(fn).parameters)
                 for name, fn in vars(lowlevel).items()
                 if inspect.isfunction(fn) and not name.startswith("_")}
    assert stubbed == generated
    for f in tree.body:
        if isinstance(f, ast.FunctionDef):
            assert f.returns is not None and all(a.annotation for a in f.args.args), f.name
