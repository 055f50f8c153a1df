/* strings: libc string work (memcpy, memset, strlen, strchr, strcmp,
   memcmp, strstr) mixed with hand-written byte loops over a text of
   generated words.  NOTE: natively glibc picks SSE2/AVX2 versions of these
   functions; the emulator reports no SSE, so the guest gets the plain i386
   ones: the ratio includes that, as it would for any real program. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_SIZE (1 << 20)

static const char *const words[] = {
    "translation", "block", "micro", "op", "flags", "lazy", "chain", "jump",
    "guest", "host", "cache", "page", "fault", "signal", "syscall", "x87",
    "dyngen", "template", "patch", "relocation", "register", "a", "of", "the",
};

static uint32_t seed = 1;

static uint32_t next(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* fill text with words and newlines, NUL-terminated */
static void make_text(char *text)
{
    size_t len = 0;
    int nwords = sizeof(words) / sizeof(words[0]);

    while (len < TEXT_SIZE - 32) {
        const char *w = words[next() % nwords];
        size_t wl = strlen(w);
        memcpy(text + len, w, wl);
        len += wl;
        text[len++] = next() % 8 ? ' ' : '\n';
    }
    text[len] = 0;
}

static uint32_t count_words(const char *s)
{
    uint32_t n = 0;
    int in_word = 0;

    for (; *s; s++) {
        int letter = *s != ' ' && *s != '\n';
        n += letter && !in_word;
        in_word = letter;
    }
    return n;
}

static uint32_t line_stats(char *text, char *copy)
{
    uint32_t sum = 0;
    char *line = text, *prev = NULL;

    while (*line) {
        char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        memcpy(copy, line, len);
        copy[len] = 0;
        sum += strlen(copy);
        if (prev)
            sum += strcmp(copy, prev) < 0;
        sum += strstr(copy, "chain jump") != NULL;
        prev = line;
        line += len + (end != NULL);
    }
    return sum;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 24;
    char *text = malloc(TEXT_SIZE), *copy = malloc(TEXT_SIZE);
    char *big = malloc(4 * TEXT_SIZE);
    uint32_t sum = 0;

    make_text(text);
    for (int r = 0; r < rounds; r++) {
        text[r * 4097 % (TEXT_SIZE / 2)] = 'a' + r % 26;
        sum = sum * 31 + count_words(text);
        sum = sum * 31 + line_stats(text, copy);
        for (int i = 0; i < 8; i++) {
            memset(big, 'x', 4 * TEXT_SIZE);
            memcpy(big + i * 7, text, TEXT_SIZE - 64);
            sum = sum * 31 + strlen(big + i * 3);
            sum += memcmp(big + i * 7, text, 4096) == 0;
        }
    }
    printf("strings %d rounds: %08x\n", rounds, sum);
    free(big);
    free(copy);
    free(text);
    return 0;
}
