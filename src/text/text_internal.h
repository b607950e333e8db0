/*
 * text_internal.h - declarations shared between files of src/text only.
 */
#ifndef TEMAS_TEXT_INTERNAL_H
#define TEMAS_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct cp_range {
    uint32_t first;
    uint32_t last;
};

/* width_table.c: sorted, non-overlapping ranges */
extern const struct cp_range text_zero_width_ranges[];
extern const size_t text_zero_width_count;
extern const struct cp_range text_wide_ranges[];
extern const size_t text_wide_count;

#endif
