/* qsort: a hand-written quicksort (median of three, insertion sort below
   16 elements) of pseudo-random ints, repeated with new seeds: loads,
   stores, compares and unpredictable branches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void insertion_sort(int *a, int n)
{
    for (int i = 1; i < n; i++) {
        int v = a[i], j = i;
        for (; j > 0 && a[j - 1] > v; j--)
            a[j] = a[j - 1];
        a[j] = v;
    }
}

static void swap(int *a, int i, int j)
{
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(int *a, int n)
{
    while (n > 16) {
        int m = n / 2, i = 0, j = n - 1;
        if (a[m] < a[0]) swap(a, m, 0);
        if (a[n - 1] < a[0]) swap(a, n - 1, 0);
        if (a[n - 1] < a[m]) swap(a, n - 1, m);
        int pivot = a[m];
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j)
                swap(a, i++, j--);
        }
        /* recurse into the smaller half, loop on the larger one */
        if (j + 1 < n - i) {
            quicksort(a, j + 1);
            a += i;
            n -= i;
        } else {
            quicksort(a + i, n - i);
            n = j + 1;
        }
    }
    insertion_sort(a, n);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 6;
    int n = 1 << 20;
    int *a = malloc(n * sizeof(*a));
    uint32_t seed = 12345, sum = 0;

    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = (int)(seed >> 1) - (1 << 30);
        }
        quicksort(a, n);
        for (int i = 1; i < n; i++)
            if (a[i - 1] > a[i]) {
                printf("qsort: not sorted at %d\n", i);
                return 1;
            }
        for (int i = 0; i < n; i += 97)
            sum = sum * 31 + (uint32_t)a[i];
    }
    printf("qsort %d x %d: %08x\n", rounds, n, sum);
    free(a);
    return 0;
}
