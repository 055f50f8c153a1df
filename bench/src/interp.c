/* interp: a stack-machine bytecode interpreter dispatched by a switch (a
   jump table: one indirect jump per bytecode), running a program that
   counts primes by trial division.  Indirect jumps cannot be chained, so
   this measures the emulator's lookup of the next block. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, LE, JZ, JMP, HALT };

/* variables: 0 = n, 1 = limit, 2 = d, 3 = count, 4 = prime */
static const int32_t program[] = {
    PUSH, 2, STORE, 0,                      /* n = 2 */
    PUSH, 0, STORE, 3,                      /* count = 0 */
    /* 8: outer */
    LOAD, 0, LOAD, 1, LT, JZ, 69,           /* while n < limit */
    PUSH, 1, STORE, 4, PUSH, 2, STORE, 2,   /* prime = 1; d = 2 */
    /* 23: inner */
    LOAD, 2, LOAD, 2, MUL, LOAD, 0, LE, JZ, 53,   /* while d*d <= n */
    LOAD, 0, LOAD, 2, MOD, JZ, 49,          /* if n % d == 0 */
    LOAD, 2, PUSH, 1, ADD, STORE, 2, JMP, 23,     /* d++ */
    /* 49: */
    PUSH, 0, STORE, 4,                      /* prime = 0 (and leave) */
    /* 53: */
    LOAD, 3, LOAD, 4, ADD, STORE, 3,        /* count += prime */
    LOAD, 0, PUSH, 1, ADD, STORE, 0,        /* n++ */
    JMP, 8,
    /* 69: */
    HALT,
};

static int32_t run(const int32_t *code, int32_t *vars)
{
    int32_t stack[64], *sp = stack;
    const int32_t *pc = code;
    uint32_t steps = 0;

    for (;;) {
        steps++;
        switch (*pc++) {
        case PUSH:  *sp++ = *pc++; break;
        case LOAD:  *sp++ = vars[*pc++]; break;
        case STORE: vars[*pc++] = *--sp; break;
        case ADD:   sp--; sp[-1] += sp[0]; break;
        case SUB:   sp--; sp[-1] -= sp[0]; break;
        case MUL:   sp--; sp[-1] *= sp[0]; break;
        case MOD:   sp--; sp[-1] %= sp[0]; break;
        case LT:    sp--; sp[-1] = sp[-1] < sp[0]; break;
        case LE:    sp--; sp[-1] = sp[-1] <= sp[0]; break;
        case JZ:    pc = *--sp ? pc + 1 : code + *pc; break;
        case JMP:   pc = code + *pc; break;
        case HALT:  return steps;
        default:    abort();
        }
    }
}

int main(int argc, char **argv)
{
    int32_t vars[5] = { 0, argc > 1 ? atoi(argv[1]) : 400000, 0, 0, 0 };
    int32_t steps = run(program, vars);

    printf("interp: %d primes below %d, %d bytecodes\n", vars[3], vars[1],
           steps);
    return 0;
}
