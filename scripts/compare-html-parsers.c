/* Parse throughput of the two C HTML parsers Debian ships, on the same pages: Gumbo (HTML5 tree
   construction) and libxml2's HTML parser (htmlReadMemory, not HTML5). Built and run by
   scripts/compare-html-parsers.sh; prints MB per CPU-second and peak RSS for each.
   usage: compare-html-parsers gumbo|libxml2 ROUNDS FILE... */
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s gumbo|libxml2 ROUNDS FILE...\n", argv[0]); return 2; }
    int gumbo = strcmp(argv[1], "gumbo") == 0, rounds = atoi(argv[2]), pages = argc - 3;
    char **data = calloc(pages, sizeof *data);
    size_t *sizes = calloc(pages, sizeof *sizes), total = 0;
    for (int i = 0; i < pages; i++) {
        FILE *f = fopen(argv[i + 3], "rb");
        if (!f) { perror(argv[i + 3]); return 1; }
        fseek(f, 0, SEEK_END); sizes[i] = ftell(f); fseek(f, 0, SEEK_SET);
        data[i] = malloc(sizes[i] + 1);
        if (fread(data[i], 1, sizes[i], f) != sizes[i]) return 1;
        fclose(f); total += sizes[i];
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    double start = cpu();
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < pages; i++) {
            if (gumbo) {
                GumboOutput *out = gumbo_parse_with_options(&options, data[i], sizes[i]);
                gumbo_destroy_output(&options, out);
            } else {
                htmlDocPtr doc = htmlReadMemory(data[i], (int)sizes[i], NULL, "UTF-8",
                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
                xmlFreeDoc(doc);
            }
        }
    double seconds = cpu() - start;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("%-8s %d pages x %d rounds: %.1f MB/CPU-s, %.2f ms/page, peak RSS %.1f MB\n", argv[1], pages, rounds,
           total * (double)rounds / 1048576 / seconds, seconds * 1000 / (pages * rounds), usage.ru_maxrss / 1024.0);
    return 0;
}
