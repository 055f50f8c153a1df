/*
 * sum.c: the demo program of doc/walkthrough.md.  It sums an array in a
 * loop, a thousand times over, and prints the total.  No C library: the
 * whole program is a few translation blocks, each of which the
 * walkthrough can show in full.
 *
 * Built with: gcc -m32 -static -nostdlib -O1 (see scripts/doc-examples.sh)
 */
static int data[8] = { 3, 1, 4, 1, 5, 9, 2, 6 };

static int sum(const int *a, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

static int sys3(int nr, int a, int b, int c)
{
    int ret;
    asm volatile ("int $0x80" : "=a" (ret) : "a" (nr), "b" (a), "c" (b), "d" (c)
                  : "memory");
    return ret;
}

void _start(void)
{
    char buf[16], *p = buf + sizeof(buf);
    unsigned total = 0;

    for (int round = 0; round < 1000; round++)
        total += sum(data, 8);
    *--p = '\n';
    do
        *--p = '0' + total % 10;
    while ((total /= 10) != 0);
    sys3(4, 1, (int)p, buf + sizeof(buf) - p);   /* write(1, p, len) */
    sys3(1, 0, 0, 0);                            /* exit(0) */
    for (;;)
        ;
}
