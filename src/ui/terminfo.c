/*
 * terminfo.c: keeping curses' terminal description current.
 *
 * Libraries that read terminfo themselves (libedit does, through the same
 * library as curses) make their description the current one; the console
 * takes its own back afterwards.  Apart because <term.h> defines a macro
 * for every capability (lines, columns, ...), which the rest of the UI
 * uses as ordinary names.
 */
#include "config.h"

#include "internal.h"

/* Last: its capability macros must not meet the declarations above. */
#include <term.h>

void *ui_terminfo_save(void)
{
	return cur_term;
}

void ui_terminfo_restore(void *saved)
{
	TERMINAL *theirs;

	if (saved == NULL || cur_term == saved)
		return;
	theirs = set_curterm(saved);
	if (theirs != NULL && theirs != saved)
		del_curterm(theirs);
}
