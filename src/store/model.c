/*
 * model.c: the few helpers that go with the plain rows of model.h.
 */
#include "config.h"

#include <stdlib.h>

#include "temas/model.h"

void interaction_clear(struct interaction *it)
{
	free(it->body);
	it->body = NULL;
}
