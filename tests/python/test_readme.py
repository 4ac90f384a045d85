"""The README's Python examples run as written."""
import os
import re

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_readme_python_example_runs(capsys):
    with open(README) as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert blocks, "README has no Python example"
    exec(compile(blocks[0], "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "NG Setup Request" in out and "SHUTDOWN_EVENT" in out


def test_readme_linux_api_example_runs(capsys):
    with open(README) as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert len(blocks) >= 2, "README lost its Linux API example"
    exec(compile(blocks[1], "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "[b'one', b'two', b'three']" in out and "StreamReset(" in out
    assert "[(b'four', 60), (b'five', 60)]" in out
    assert "b'six' 2 61\nb'seven' 2 61\n" in out
    assert "peer authenticates chunks [0]" in out


def test_readme_multihoming_example_compiles():
    # It needs two network namespaces; tests/scenario/failover_socat.sh runs it that way.
    with open(README) as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert len(blocks) >= 3 and "bindx" in blocks[2], "README lost its multi-homing example"
    compile(blocks[2], "README.md", "exec")


def test_readme_asyncio_example_runs(capsys):
    with open(README) as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert len(blocks) >= 4 and "start_server" in blocks[3], "README lost its asyncio example"
    exec(compile(blocks[3], "README.md", "exec"), {})
    assert capsys.readouterr().out == "b'S1AP' 1 18\n"
