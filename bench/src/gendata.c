/* gendata: writes the compressors' input to stdout, the same bytes on
   every machine: lines of words made of syllables, drawn with a skew as in
   a natural language, and half of the lines repeated from a bank of
   earlier ones as real text repeats phrases (without repeats gzip -9
   searches its hash chains to the end and runs several times slower
   than on real text). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANK 2048

static const char *const syllables[64] = {
    "ta", "ren", "sol", "mi", "ko", "var", "de", "lu", "chen", "bo", "ra",
    "si", "nu", "pel", "gar", "i", "quan", "e", "tho", "wy", "fra", "zu",
    "ob", "sti", "le", "han", "pry", "dus", "mo", "ex", "glo", "ve", "cal",
    "jin", "u", "pha", "ster", "ni", "ack", "bri", "or", "tem", "yo", "ful",
    "dro", "sca", "in", "wel", "ma", "thu", "ke", "ost", "rio", "an", "ple",
    "cu", "zer", "ga", "hol", "ent", "vi", "spo", "ad", "ly",
};

static uint32_t seed = 42;

static uint32_t next(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* a skewed pick in [0, n): small numbers come up most often */
static uint32_t skewed(uint32_t n)
{
    return (uint64_t)(next() % n) * (next() % n) / n;
}

/* word number w, appended to s */
static void add_word(char *s, uint32_t w)
{
    strcat(s, syllables[w % 64]);
    if (w >= 64)
        strcat(s, syllables[w / 64 % 64]);
    if (w >= 4096)
        strcat(s, syllables[w / 4096 % 64]);
}

static void make_line(char *s)
{
    int n = 3 + next() % 15;

    s[0] = 0;
    for (int i = 0; i < n; i++) {
        if (next() % 17 == 0)
            sprintf(s + strlen(s), "%u", next() % 100000);
        else
            add_word(s, skewed(65536));
        strcat(s, i == n - 1 ? ".\n" : " ");
    }
}

int main(int argc, char **argv)
{
    long size = (argc > 1 ? atol(argv[1]) : 20) << 20;
    static char bank[BANK][256];
    char line[256];

    for (int i = 0; i < BANK; i++)
        make_line(bank[i]);
    for (long len = 0; len < size; len += strlen(line)) {
        if (next() % 2)
            strcpy(line, bank[skewed(BANK)]);
        else
            make_line(line);
        fputs(line, stdout);
    }
    return 0;
}
