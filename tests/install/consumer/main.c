/* A C program built against the installed core (find_package(sctp) or pkg-config). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <sctp_core.h>

int main(int argc, char **argv)
{
    int fd = sctpc_socket(AF_INET, SOCK_SEQPACKET);
    if (fd < 0) {
        fprintf(stderr, "sctpc_socket: %s\n", strerror(-fd));
        return 1;
    }
    close(fd);
    /* the version it was built with is the one the test expects */
    if (argc > 1 && strcmp(argv[1], sctpc_version()) != 0) {
        fprintf(stderr, "version %s, expected %s\n", sctpc_version(), argv[1]);
        return 1;
    }
    printf("sctp core %s: a one-to-many socket opened\n", sctpc_version());
    return 0;
}
