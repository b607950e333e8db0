/* i18n.h: gettext glue shared by every module that shows text to a person. */
#ifndef TEMAS_I18N_H
#define TEMAS_I18N_H

/* Angle brackets: the build's config.h, not temas/config.h beside this. */
#include <config.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* Singular or plural form for n (the count); the catalogue knows the rule. */
#define P_(s, p, n) ngettext((s), (p), (unsigned long)(n))
#else
#define _(s) (s)
#define N_(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif

#endif
