/*
 * -d trace-json: a record of what the translation cache did, one JSON
 * object per line, for scripts/tb-explorer.  Events: "tb" (a block and
 * its joined guest / micro-op / host view), "chain" (a jump patched from
 * one block into another), "invalidate", "flush", and "exec" (how many
 * times each block ran, counted by an op at its start).
 *
 * Blocks get serial ids: a TB slot is reused after a flush.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec-all.h"

uint64_t *tb_exec_counts;
static uint32_t *tb_serial; /* id of the block in each TB slot */
static uint32_t next_serial;
static int trace_slots;

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = *s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void dump_counts(void)
{
    int first = 1;

    if (!tb_exec_counts)
        return;
    fprintf(logfile, "{\"ev\":\"exec\",\"counts\":{");
    for (int i = 0; i < nb_tbs && i < trace_slots; i++) {
        if (!tb_exec_counts[i])
            continue;
        fprintf(logfile, "%s\"%u\":%llu", first ? "" : ",", tb_serial[i],
                (unsigned long long)tb_exec_counts[i]);
        first = 0;
        tb_exec_counts[i] = 0;
    }
    fprintf(logfile, "}}\n");
}

/* the last counts: at exit, or earlier where the process ends with _exit */
void trace_close(void)
{
    if (!tb_exec_counts)
        return;
    dump_counts();
    fflush(logfile);
    free(tb_exec_counts);
    tb_exec_counts = NULL;
}

void trace_init(int slots)
{
    tb_exec_counts = calloc(slots, sizeof(*tb_exec_counts));
    tb_serial = calloc(slots, sizeof(*tb_serial));
    if (!tb_exec_counts || !tb_serial) {
        fprintf(stderr, "qemu: out of memory for -d trace-json\n");
        exit(1);
    }
    trace_slots = slots;
    atexit(trace_close);
}

void trace_tb(TranslationBlock *tb, const char *view)
{
    int i = tb - tbs;
    tb_serial[i] = next_serial++;
    fprintf(logfile, "{\"ev\":\"tb\",\"id\":%u,\"pc\":%u,\"size\":%u,\"host_size\":%u,\"view\":",
            tb_serial[i], tb->pc, tb->size, tb->tc_size);
    json_string(logfile, view);
    fprintf(logfile, "}\n");
}

void trace_chain(TranslationBlock *from, int n, TranslationBlock *to)
{
    fprintf(logfile, "{\"ev\":\"chain\",\"from\":%u,\"slot\":%d,\"to\":%u}\n",
            tb_serial[from - tbs], n, tb_serial[to - tbs]);
}

void trace_invalidate(TranslationBlock *tb)
{
    fprintf(logfile, "{\"ev\":\"invalidate\",\"id\":%u}\n", tb_serial[tb - tbs]);
}

void trace_flush(void)
{
    dump_counts();
    fprintf(logfile, "{\"ev\":\"flush\"}\n");
}
