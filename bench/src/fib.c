/* fib: naive recursive Fibonacci, almost nothing but calls, returns and
   compare-and-branch; the emulator's cost per call/ret (an indirect jump
   it must look up) dominates. */
#include <stdio.h>
#include <stdlib.h>

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? strtoul(argv[1], NULL, 0) : 42;

    printf("fib(%u) = %u\n", n, fib(n));
    return 0;
}
