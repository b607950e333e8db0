/*
 * marks.c: complaints marked in the queue, and actions on all of them.
 *
 * As neomutt's tag-and-apply: t marks the selected complaint, ; makes the
 * next key act on every marked one.  Marks are kept by complaint id, not
 * by row, so they survive a reload; the queue drops those that leave it.
 * Each complaint of a bulk action is its own transaction (the store's),
 * so one that is refused (taken by another agent meanwhile) is reported
 * and stays marked, and the others are still done.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "temas/i18n.h"

int ui_marked_ids(const struct ui *ui, const long long **ids)
{
	*ids = ui->marks;
	return (int)ui->nmarks;
}

int ui_mark_has(const struct ui *ui, long long id)
{
	size_t i;

	for (i = 0; i < ui->nmarks; i++)
		if (ui->marks[i] == id)
			return 1;
	return 0;
}

void ui_mark_drop(struct ui *ui, long long id)
{
	size_t i;

	for (i = 0; i < ui->nmarks; i++) {
		if (ui->marks[i] == id) {
			memmove(ui->marks + i, ui->marks + i + 1,
				(ui->nmarks - i - 1) * sizeof *ui->marks);
			ui->nmarks--;
			return;
		}
	}
}

int ui_mark_toggle(struct ui *ui, long long id)
{
	long long *m;

	if (ui_mark_has(ui, id)) {
		ui_mark_drop(ui, id);
		return 0;
	}
	if (ui->nmarks == ui->capmarks) {
		m = realloc(ui->marks, (ui->capmarks * 2 + 8) * sizeof *m);
		if (m == NULL) {
			ui_message(ui, 1, "%s", _("out of memory"));
			return 0;
		}
		ui->marks = m;
		ui->capmarks = ui->capmarks * 2 + 8;
	}
	ui->marks[ui->nmarks++] = id;
	return 1;
}

void ui_marks_clear(struct ui *ui)
{
	ui->nmarks = 0;
}

void ui_marks_free(struct ui *ui)
{
	free(ui->marks);
	ui->marks = NULL;
	ui->nmarks = ui->capmarks = 0;
}

int ui_bulk_run(struct ui *ui, ui_bulk_fn fn, void *ctx,
		const char *some_fmt)
{
	long long *ids;
	char why[256] = "";
	size_t n = ui->nmarks, i;
	int done = 0, failed = 0;

	if (n == 0) {
		ui_message(ui, 1, "%s", _("no complaint is marked (t marks one)"));
		return -1;
	}
	/* A copy: fn may be the one that changes the marks. */
	ids = malloc(n * sizeof *ids);
	if (ids == NULL) {
		ui_message(ui, 1, "%s", _("out of memory"));
		return -1;
	}
	memcpy(ids, ui->marks, n * sizeof *ids);
	for (i = 0; i < n; i++) {
		if (fn(ui, ids[i], ctx, why, failed ? 0 : sizeof why) == 0) {
			done++;
			ui_mark_drop(ui, ids[i]);
		} else {
			failed++;
		}
	}
	free(ids);
	if (failed == 0)
		return 0;
	if (failed > 1) {
		size_t len = strlen(why);

		snprintf(why + len, sizeof why - len,
			 P_(" (and %d more refused)", " (and %d more refused)",
			    failed - 1), failed - 1);
	}
	ui_message(ui, 1, some_fmt, done, done + failed, why);
	return failed;
}
