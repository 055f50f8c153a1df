/* bintree: binary trees built and freed over and over (the classic
   "binary-trees" benchmark): malloc, free and pointer chasing, so glibc's
   allocator code and brk/mmap dominate. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *left, *right;
};

static struct node *make(int depth)
{
    struct node *n = malloc(sizeof(*n));

    if (!n) {
        perror("malloc");
        exit(1);
    }
    n->left = depth > 0 ? make(depth - 1) : NULL;
    n->right = depth > 0 ? make(depth - 1) : NULL;
    return n;
}

static unsigned check(const struct node *n)
{
    return 1 + (n->left ? check(n->left) + check(n->right) : 0);
}

static void release(struct node *n)
{
    if (n->left) {
        release(n->left);
        release(n->right);
    }
    free(n);
}

int main(int argc, char **argv)
{
    int max_depth = argc > 1 ? atoi(argv[1]) : 16;
    struct node *stretch = make(max_depth + 1), *long_lived;

    printf("stretch tree of depth %d: %u\n", max_depth + 1, check(stretch));
    release(stretch);
    long_lived = make(max_depth);
    for (int d = 4; d <= max_depth; d += 2) {
        int count = 1 << (max_depth - d + 4);
        unsigned sum = 0;
        for (int i = 0; i < count; i++) {
            struct node *t = make(d);
            sum += check(t);
            release(t);
        }
        printf("%d trees of depth %d: %u\n", count, d, sum);
    }
    printf("long lived tree of depth %d: %u\n", max_depth, check(long_lived));
    release(long_lived);
    return 0;
}
