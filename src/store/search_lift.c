/*
 * search_lift.c: where a search index merged into one segment is kept.
 *
 * FTS5 keeps an index as segments on numbered levels.  Every write adds a
 * small segment on level 0; once a level holds a few segments (automerge,
 * 4) they are merged, a little at each write, into one on the next level
 * up; and when a level holds 16 (crisismerge), the write that made it 16
 * merges the whole level at once, and then every level above it that now
 * holds 16 as well.  A level is the number of merges a segment has been
 * through, not its size.
 *
 * The bulk paths (demo, reindex, import, and an erasure, which must leave
 * no erased word behind) end with 'optimize', which merges the whole
 * index into one segment, and FTS5 puts that segment one or two levels
 * above the highest level then in use: level 1 or 2 after a bulk build.
 * Writes made afterwards reach that level within a few hundred: it then
 * holds the whole index and three segments of a few pages, and the write
 * that finds 16 segments on each level below merges it at once, inside
 * that write's transaction.  On a demo database of 100,000 customers that
 * was one message in about three hundred taking three seconds (the whole
 * messages' index rewritten), about fifty seconds at a million, while
 * every other writer waited.  And each 'optimize' puts its segment one or
 * two levels higher than the last: after about a thousand erasures FTS5
 * reads its own index as corrupt (more levels than it allows).
 *
 * So after every 'optimize' temas moves the index's one segment to level
 * LIFT_LEVEL, with no segment below it.  Small segments written after it
 * merge upwards level by level as before; a segment that reaches level
 * LIFT_LEVEL-1 is the size of about 4^15 writes' worth, so the big one is
 * not merged again by any write until the next 'optimize' merges
 * everything.  Moving the only segment of an index changes no row the
 * index reads, only the level FTS5 files it under; the order of segments,
 * which decides which of two entries for a row is newer, has nothing to
 * keep when there is one.
 *
 * The move rewrites FTS5's structure record (row 10 of the table's _data
 * table), whose layout is FTS5's own: four bytes of cookie, the number of
 * levels, of segments, the write counter, then per level the number of
 * segments being merged and of segments, and per segment its id, first
 * and last page, all as SQLite varints.  temas_fts_lift(block) returns
 * the moved record when the block is exactly such a record with one
 * segment and no merge under way, and the block unchanged otherwise (an
 * empty index, several segments, the longer layout later SQLite versions
 * write for an index with tombstones of its own), so it never guesses.
 * It is run right after the 'optimize' on the same connection
 * (FTS5_OPTIMIZE in search_sql.h): 'optimize' drops FTS5's copy of the
 * record in memory, so the next use of the index reads the moved one.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The level the one segment is moved to; FTS5 allows up to 64 levels in
 * its later versions and 2000 in earlier ones. */
#define LIFT_LEVEL 16

/* An SQLite varint: big-endian groups of seven bits, the high bit of each
 * byte saying another follows; a ninth byte gives all of its eight. */
static int get_varint(const unsigned char *p, size_t n, size_t *at,
		      uint64_t *v)
{
	uint64_t x = 0;
	int i;

	for (i = 0; i < 9; i++) {
		unsigned char c;

		if (*at >= n)
			return -1;
		c = p[(*at)++];
		if (i == 8) {
			*v = (x << 8) | c;
			return 0;
		}
		x = (x << 7) | (c & 0x7f);
		if (!(c & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static size_t put_varint(unsigned char *out, uint64_t v)
{
	unsigned char tmp[9];
	size_t n = 0, i;

	if (v > UINT64_C(0x00ffffffffffffff)) {
		out[8] = (unsigned char)(v & 0xff);
		v >>= 8;
		for (i = 8; i-- > 0;) {
			out[i] = (unsigned char)((v & 0x7f) | 0x80);
			v >>= 7;
		}
		return 9;
	}
	do {
		tmp[n++] = (unsigned char)(v & 0x7f);
		v >>= 7;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)(tmp[n - 1 - i] | (i + 1 < n ? 0x80 : 0));
	return n;
}

size_t search_lift_record(const unsigned char *in, size_t n,
			  unsigned char **out)
{
	/* Written after the cookie by later SQLite versions for an index
	 * that keeps tombstones of its own (contentless_delete): more
	 * fields per segment, which this does not know. */
	static const unsigned char v2[4] = { 0xff, 0x00, 0x00, 0x01 };
	uint64_t nlevel, nseg, counter, merging, count, field;
	size_t at = 4, seg = 0, seg_end = 0, len, l;
	unsigned char *rec;
	int f, found = 0;
	uint64_t level = 0;

	*out = NULL;
	if (n < 4 || (n >= 8 && memcmp(in + 4, v2, sizeof v2) == 0))
		return 0;
	if (get_varint(in, n, &at, &nlevel) || get_varint(in, n, &at, &nseg) ||
	    get_varint(in, n, &at, &counter) || nseg != 1 || nlevel > 2000)
		return 0;
	for (l = 0; l < nlevel; l++) {
		if (get_varint(in, n, &at, &merging) ||
		    get_varint(in, n, &at, &count) || merging != 0 || count > 1)
			return 0;
		if (count == 0)
			continue;
		if (found)
			return 0;
		found = 1;
		level = l;
		seg = at;
		for (f = 0; f < 3; f++)        /* id, first page, last page */
			if (get_varint(in, n, &at, &field))
				return 0;
		seg_end = at;
	}
	if (!found || at != n)
		return 0;
	if (level == LIFT_LEVEL && nlevel == LIFT_LEVEL + 1)
		return 0;
	len = 4 + 3 * 9 + 2 * LIFT_LEVEL + 2 + (seg_end - seg);
	if ((rec = malloc(len)) == NULL)
		return 0;
	memcpy(rec, in, 4);                     /* the cookie, as it was */
	at = 4;
	at += put_varint(rec + at, LIFT_LEVEL + 1);
	at += put_varint(rec + at, 1);
	at += put_varint(rec + at, counter);
	memset(rec + at, 0, 2 * LIFT_LEVEL);    /* empty levels below */
	at += 2 * LIFT_LEVEL;
	rec[at++] = 0;                          /* no merge under way */
	rec[at++] = 1;                          /* one segment */
	memcpy(rec + at, in + seg, seg_end - seg);
	at += seg_end - seg;
	*out = rec;
	return at;
}

static void lift_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *in;
	unsigned char *rec;
	size_t n;

	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	in = sqlite3_value_blob(argv[0]);
	n = (size_t)sqlite3_value_bytes(argv[0]);
	if (in == NULL || (n = search_lift_record(in, n, &rec)) == 0) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	sqlite3_result_blob(cx, rec, (int)n, free);
}

int search_lift_register(sqlite3 *db)
{
	return sqlite3_create_function_v2(db, "temas_fts_lift", 1,
					  SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					  NULL, lift_fn, NULL, NULL, NULL);
}
