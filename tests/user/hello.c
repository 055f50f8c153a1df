/* The smallest end-to-end check: stdout, stderr, arguments and the exit
   status of a static i386 program, under qemu-i386 and natively. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello, world\n");
    printf("argc %d, argv[argc] %s\n", argc, argv[argc] ? "set" : "NULL");
    fprintf(stderr, "to stderr\n");
    return 3;
}
