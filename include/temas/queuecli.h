/*
 * queuecli.h: the open complaints, most urgent first, for `temas queue`
 * (a script's view of the console's queue: filters mine, unassigned,
 * breached and by channel).
 */
#ifndef TEMAS_QUEUECLI_H
#define TEMAS_QUEUECLI_H

#include "temas/model.h"

struct store;

enum queue_cli_filter { QCLI_ALL, QCLI_MINE, QCLI_UNASSIGNED, QCLI_BREACHED };

/*
 * Call cb with each open complaint (filled with customer name and assignee
 * login) ordered by due time, at most limit rows (0 = all).  agent_id is
 * "me" for QCLI_MINE; channel NULL for every channel.  A non-zero return
 * from cb stops and is returned.
 */
int store_queue_cli_each(struct store *st, enum queue_cli_filter filter,
			 long long agent_id, const char *channel, int limit,
			 int (*cb)(void *ctx, const struct complaint *k), void *ctx);

#endif
