/*
 * ingest.c: inbound messages into the queue, and erasure on request.
 *
 * A mail server pipes each message to `temas ingest`; so ingest must be
 * idempotent (the same Message-ID twice files it once) and all or nothing.
 * New complaints are opened by store_complaint_open, which sets their SLA
 * due times from the policy.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "search_sql.h"
#include "temas/agent.h"
#include "temas/complaint.h"
#include "temas/i18n.h"
#include "temas/ingest.h"
#include "temas/text.h"

#define ERASED_MARK "[erased]"

int store_phone_national(const char *phone, char *buf, int n)
{
	int k = 0;
	const char *p;

	for (p = phone; *p && k + 1 < n; p++)
		if (*p >= '0' && *p <= '9')
			buf[k++] = *p;
	buf[k] = '\0';
	/* Turkish numbers: +90 5xx or 0 5xx both mean the 10-digit 5xx. */
	if (k == 12 && strncmp(buf, "90", 2) == 0) {
		memmove(buf, buf + 2, 11);
		k = 10;
	} else if (k == 11 && buf[0] == '0') {
		memmove(buf, buf + 1, 11);
		k = 10;
	}
	return k;
}

static const char sql_dup[] =
	"SELECT complaint_id, customer_id, id, channel FROM interactions WHERE ext_id=?1";
/* A sender is found by what names them; a record merged into another
 * (customer_merge.c) names the record it was merged into. */
#define LIVE_ID(C) \
	"coalesce((SELECT into_id FROM customer_merges m WHERE m.customer_id=" \
	C ".id), " C ".id)"
static const char sql_by_ext[] =
	"SELECT " LIVE_ID("c") ", c.id FROM customers c WHERE c.ext_id=?1"
	" AND c.erased_at IS NULL";
static const char sql_set_ext[] =
	"UPDATE customers SET ext_id=?2 WHERE id=?1 AND ext_id IS NULL"
	" AND NOT EXISTS (SELECT 1 FROM customers WHERE ext_id=?2)";
static const char sql_out_interaction[] =
	"INSERT INTO interactions(ext_id, customer_id, complaint_id, channel,"
	" direction, at, subject, body) VALUES(?1, ?2, ?3, ?4, 'out', ?5, ?6, ?7)";
static const char sql_first_response_at[] =
	"UPDATE complaints SET first_response_at=coalesce(first_response_at, ?2),"
	" status=CASE WHEN status='new' THEN 'open' ELSE status END WHERE id=?1";
/* A rating is of a matter settled: a complaint resolved or closed (by
 * this message or before), not one it has just opened. */
static const char sql_rating[] =
	"INSERT INTO surveys(customer_id, complaint_id, channel, kind, score, at)"
	" SELECT ?1, ?2, ?3, 'csat', ?4, ?5 WHERE (SELECT status IN ('resolved','closed')"
	" FROM complaints WHERE id=?2)";
static const char sql_resolve_ext[] =
	"UPDATE complaints SET status='resolved', resolved_at=coalesce(resolved_at, ?2),"
	" resolution=coalesce(resolution, ?3) WHERE id=?1 AND is_open";
static const char sql_by_email[] =
	"SELECT " LIVE_ID("customers") ", id FROM customers"
	" WHERE email=?1 COLLATE NOCASE AND erased_at IS NULL"
	" ORDER BY id LIMIT 1";
/* Stored phones are free text: a customer's phone is the national digits
 * ?N (store_phone_national) when its digits, separators dropped, are
 * those, with or without the trunk 0 or the country's 90.  Found through
 * the index on those digits (migration 36). */
#define PHONE_IS(N) \
	"phone IS NOT NULL AND " STORE_PHONE_DIGITS \
	" IN (" N ", '0' || " N ", '90' || " N ")"
static const char sql_by_phone[] =
	"SELECT " LIVE_ID("customers") ", id FROM customers"
	" WHERE erased_at IS NULL AND " PHONE_IS("?1") " ORDER BY id LIMIT 1";
static const char sql_contact[] =
	"INSERT OR REPLACE INTO complaint_contacts(complaint_id, customer_id)"
	" VALUES(?1, ?2)";
static const char sql_new_customer[] =
	"INSERT INTO customers(first_name, last_name, email, phone, created_at)"
	" VALUES(?1, ?2, ?3, ?4, ?5)";
static const char sql_open_complaint[] =
	"SELECT id, status FROM complaints WHERE customer_id=?1 AND channel=?2 AND is_open"
	" ORDER BY opened_at DESC, id DESC LIMIT 1";
static const char sql_reopen[] =
	"UPDATE complaints SET status='open' WHERE id=?1 AND status='pending'";
/* A customer answering a resolved complaint reopens it. */
static const char sql_reopen_thread[] =
	"UPDATE complaints SET status='open', resolved_at=NULL"
	" WHERE id=?1 AND status IN ('pending','resolved')";
static const char sql_thread_ref[] =
	"SELECT complaint_id FROM outbox WHERE message_id=?1 OR external_id=?1"
	" UNION ALL SELECT complaint_id FROM interactions"
	" WHERE ext_id=?1 AND complaint_id IS NOT NULL LIMIT 1";
static const char sql_thread_complaint[] =
	"SELECT customer_id FROM complaints WHERE id=?1 AND status <> 'closed'";
/* The message comes from customer ?1: their address, phone or id, or
 * those of a record merged into theirs. */
static const char sql_sender_is[] =
	"SELECT 1 FROM customers WHERE (id=?1 OR id IN (SELECT customer_id"
	" FROM customer_merges WHERE into_id=?1)) AND erased_at IS NULL AND ("
	" (?2 IS NOT NULL AND email=?2 COLLATE NOCASE) OR"
	" (?3 IS NOT NULL AND " PHONE_IS("?3") ") OR"
	" (?4 IS NOT NULL AND ext_id=?4))";
static const char sql_add_attachment[] =
	"INSERT INTO attachments(interaction_id, name, content_type, size, data)"
	" VALUES(?1, ?2, ?3, ?4, ?5)";
static const char sql_channel_ok[] = "SELECT 1 FROM channels WHERE code=?1";
static const char sql_new_interaction[] =
	"INSERT INTO interactions(ext_id, customer_id, complaint_id, channel,"
	" direction, at, subject, body) VALUES(?1, ?2, ?3, ?4, 'in', ?5, ?6, ?7)";

/* Run s to its first row; *id gets column 0.  STORE_NOTFOUND when none. */
static int first_id(struct store *st, sqlite3_stmt *s, long long *id)
{
	return store_step_ints(st, s, id, 1, _("cannot file the message"));
}

static int run(struct store *st, sqlite3_stmt *s)
{
	return store_step_done(st, s, _("cannot file the message"));
}

/* ---- the order a new complaint is about ---- */

static const char sql_order_of_customer[] =
	"SELECT id FROM orders WHERE number=?1 AND customer_id=?2";

static int isalnum_ascii(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= 'a' && ch <= 'z');
}

/* Characters of an order number as people write them: "SP-2020-0002514",
 * "2024/118", "A_77". */
static int order_char(unsigned char ch)
{
	return isalnum_ascii(ch) || ch == '-' || ch == '_' || ch == '/';
}

#define ORDER_WORD_MAX 64
#define ORDER_LOOKUPS_MAX 256

/*
 * The first of the customer's own order numbers written in text ("kargom
 * SP-2020-0002514 nerede?"), as written or in capitals: each word with a
 * digit in it is looked up by the orders' unique number, at most
 * ORDER_LOOKUPS_MAX of them, so a long message costs a bounded number of
 * index lookups.  *order stays 0 when none is found.
 */
static int mentioned_order(struct store *st, long long customer, const char *text,
			   int *lookups, long long *order)
{
	char word[ORDER_WORD_MAX + 1], upper[ORDER_WORD_MAX + 1];
	const char *p = text, *start, *end;
	sqlite3_stmt *s;
	size_t n, i;
	int digit, rc, k;

	while (text != NULL && *p != '\0' && *order == 0 && *lookups < ORDER_LOOKUPS_MAX) {
		if (!order_char((unsigned char)*p)) {
			p++;
			continue;
		}
		start = p;
		digit = 0;
		for (; order_char((unsigned char)*p); p++)
			digit |= *p >= '0' && *p <= '9';
		/* A sentence's dash or slash is not part of the number. */
		end = p;
		while (end > start && !isalnum_ascii((unsigned char)end[-1]))
			end--;
		while (start < end && !isalnum_ascii((unsigned char)*start))
			start++;
		n = (size_t)(end - start);
		if (!digit || n < 3 || n > ORDER_WORD_MAX)
			continue;
		memcpy(word, start, n);
		word[n] = '\0';
		for (i = 0; i <= n; i++)
			upper[i] = word[i] >= 'a' && word[i] <= 'z' ? (char)(word[i] - 32) : word[i];
		for (k = 0; k < 2 && *order == 0; k++) {
			if (k == 1 && strcmp(word, upper) == 0)
				break;
			if ((s = store_stmt(st, sql_order_of_customer)) == NULL)
				return STORE_ERROR;
			sqlite3_bind_text(s, 1, k ? upper : word, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(s, 2, customer);
			rc = first_id(st, s, order);
			(*lookups)++;
			if (rc == STORE_NOTFOUND)
				*order = 0;
			else if (rc != STORE_OK)
				return rc;
		}
	}
	return STORE_OK;
}

/*
 * The sender's customer in *id, and in *by (when not NULL) the record whose
 * address, phone or id named them: another than *id when it was merged
 * into *id.
 */
static int find_sender(struct store *st, const struct ingest_msg *m, long long *id,
		       long long *by)
{
	sqlite3_stmt *s;
	long long two[2];
	int rc = STORE_NOTFOUND;
	char digits[32];

	if (m->customer_ext && *m->customer_ext) {
		s = store_stmt(st, sql_by_ext);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, m->customer_ext, -1, SQLITE_STATIC);
		rc = store_step_ints(st, s, two, 2, _("cannot file the message"));
	}
	if (rc == STORE_NOTFOUND && m->from_addr && *m->from_addr) {
		s = store_stmt(st, sql_by_email);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, m->from_addr, -1, SQLITE_STATIC);
		rc = store_step_ints(st, s, two, 2, _("cannot file the message"));
	}
	if (rc == STORE_NOTFOUND && m->phone &&
	    store_phone_national(m->phone, digits, sizeof digits) >= 7) {
		s = store_stmt(st, sql_by_phone);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, digits, -1, SQLITE_STATIC);
		rc = store_step_ints(st, s, two, 2, _("cannot file the message"));
	}
	if (rc == STORE_OK) {
		*id = two[0];
		if (by != NULL)
			*by = two[1];
	}
	return rc;
}

static int new_customer(struct store *st, const struct ingest_msg *m, long long *id)
{
	sqlite3_stmt *s = store_stmt(st, sql_new_customer);
	char *clean = NULL;
	const char *name = NULL, *first, *last = "", *sp;
	size_t nfirst, nlast = 0;
	int rc;

	if (s == NULL)
		return STORE_ERROR;
	/* A sender's name (an encoded word may hold a line break) is shown
	 * and written into headers: it is filed without control characters,
	 * and blanks at its ends. */
	if (m->name && *m->name) {
		char *e;

		clean = text_sanitize(m->name, strlen(m->name), 0);
		if (clean == NULL)
			return store_fail(st, "%s", _("out of memory"));
		for (name = clean; *name == ' '; name++)
			;
		for (e = clean + strlen(clean); e > name && e[-1] == ' '; e--)
			;
		*e = '\0';
		if (*name == '\0')
			name = NULL;
	}
	/* The names whole, however long (a fixed buffer cut them at 200
	 * bytes, inside a letter of two). */
	if (name == NULL) {
		/* No display name: the address's local part is the best guess. */
		first = m->from_addr && *m->from_addr ? m->from_addr
			: m->phone && *m->phone ? m->phone : m->customer_ext;
		nfirst = strcspn(first, "@");
	} else if ((sp = strrchr(name, ' ')) != NULL) {
		first = name;
		nfirst = (size_t)(sp - name);
		last = sp + 1;
		nlast = strlen(last);
	} else {
		first = name;
		nfirst = strlen(name);
	}
	sqlite3_bind_text64(s, 1, first, nfirst, SQLITE_TRANSIENT, SQLITE_UTF8);
	sqlite3_bind_text64(s, 2, last, nlast, SQLITE_TRANSIENT, SQLITE_UTF8);
	store_bind_text(s, 3, m->from_addr, 1);
	store_bind_text(s, 4, m->phone, 1);
	sqlite3_bind_int64(s, 5, store_now(st));
	rc = run(st, s);
	free(clean);
	if (rc != STORE_OK)
		return STORE_ERROR;
	*id = sqlite3_last_insert_rowid(st->db);
	return STORE_OK;
}

/* *is: the message's sender is customer id (by e-mail, phone or the
 * other system's id). */
static int sender_is(struct store *st, const struct ingest_msg *m, long long id,
		     int *is)
{
	sqlite3_stmt *s = store_stmt(st, sql_sender_is);
	char digits[32];
	long long one;
	int rc;

	*is = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (m->from_addr && *m->from_addr)
		sqlite3_bind_text(s, 2, m->from_addr, -1, SQLITE_STATIC);
	if (m->phone && store_phone_national(m->phone, digits, sizeof digits) >= 7)
		sqlite3_bind_text(s, 3, digits, -1, SQLITE_TRANSIENT);
	if (m->customer_ext && *m->customer_ext)
		sqlite3_bind_text(s, 4, m->customer_ext, -1, SQLITE_STATIC);
	rc = first_id(st, s, &one);
	if (rc == STORE_OK)
		*is = 1;
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

/*
 * The complaint a message answers: the first of its thread ids that is
 * one of our messages or one filed before, else its [#N] tag.  A closed
 * complaint is not joined (the current rules open a new one).  Nor is a
 * complaint joined for a sender who is not its customer when the link
 * is one anybody can write: the [#N] of a subject, a gateway's message
 * number.  A reply to one of our e-mails (its Message-ID, which nobody
 * guesses) joins from an address new to the team too (the customer's
 * other address), but not from another customer's.
 */
static int find_thread(struct store *st, const struct ingest_msg *m,
		       struct ingest_result *r)
{
	sqlite3_stmt *s;
	long long cid = 0, cust, other;
	size_t i;
	int rc, by_mail_id = 0, same;

	for (i = 0; i < m->nthread_ids && cid == 0; i++) {
		if (m->thread_ids[i] == NULL || *m->thread_ids[i] == '\0')
			continue;
		if ((s = store_stmt(st, sql_thread_ref)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, m->thread_ids[i], -1, SQLITE_STATIC);
		rc = first_id(st, s, &cid);
		if (rc == STORE_NOTFOUND)
			cid = 0;
		else if (rc != STORE_OK)
			return rc;
		else
			by_mail_id = strchr(m->thread_ids[i], '@') != NULL;
	}
	if (cid == 0)
		cid = m->tag_complaint;
	if (cid <= 0)
		return STORE_NOTFOUND;
	if ((s = store_stmt(st, sql_thread_complaint)) == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, cid);
	rc = first_id(st, s, &cust);
	if (rc != STORE_OK)
		return rc;
	if (!m->outbound) {
		if (sender_is(st, m, cust, &same) != STORE_OK)
			return STORE_ERROR;
		if (!same && !by_mail_id)
			return STORE_NOTFOUND;
		if (!same && (rc = find_sender(st, m, &other, NULL)) != STORE_NOTFOUND)
			return rc == STORE_OK ? STORE_NOTFOUND : rc;
	}
	if (!m->outbound) {
		if ((s = store_stmt(st, sql_reopen_thread)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, cid);
		if (run(st, s) != STORE_OK || store_sla_clock_sync(st, cid) != STORE_OK)
			return STORE_ERROR;
	}
	r->complaint_id = cid;
	r->customer_id = cust;
	r->threaded = 1;
	return STORE_OK;
}

static int add_attachments(struct store *st, const struct ingest_msg *m, long long iid)
{
	size_t i;

	for (i = 0; i < m->natt; i++) {
		const struct ingest_attachment *a = &m->att[i];
		sqlite3_stmt *s = store_stmt(st, sql_add_attachment);

		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, iid);
		sqlite3_bind_text(s, 2, a->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, a->type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, (long long)a->len);
		if (a->data != NULL)
			sqlite3_bind_blob64(s, 5, a->data, a->len, SQLITE_STATIC);
		if (run(st, s) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

/* What a gateway's history says besides the message: the company's reply
 * counts as the first response, a rating and a resolution. */
static int add_outcome(struct store *st, const struct ingest_msg *m, long long at,
		       struct ingest_result *r)
{
	sqlite3_stmt *s;

	if (m->outbound) {
		if ((s = store_stmt(st, sql_first_response_at)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->complaint_id);
		sqlite3_bind_int64(s, 2, at);
		if (run(st, s) != STORE_OK)
			return STORE_ERROR;
	}
	if (m->rating && (m->rating < 1 || m->rating > 5)) {
		store_fail(st, "%s", _("a rating is 1 to 5"));
		return STORE_INVALID;
	}
	if (m->resolved) {
		if ((s = store_stmt(st, sql_resolve_ext)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->complaint_id);
		sqlite3_bind_int64(s, 2, at);
		sqlite3_bind_text(s, 3, m->body, -1, SQLITE_STATIC);
		if (run(st, s) != STORE_OK)
			return STORE_ERROR;
	}
	if (m->rating) {
		if ((s = store_stmt(st, sql_rating)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->customer_id);
		sqlite3_bind_int64(s, 2, r->complaint_id);
		sqlite3_bind_text(s, 3, m->channel, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, m->rating);
		sqlite3_bind_int64(s, 5, at);
		if (run(st, s) != STORE_OK)
			return STORE_ERROR;
		r->rating_unkept = sqlite3_changes(st->db) == 0;
	}
	return STORE_OK;
}

/*
 * Whether the message was filed before, under key: the same id on the
 * same channel from the same sender.  The same id from someone else, or
 * on another channel, is another message (two gateways each numbering
 * from 1, a web form giving every mail <1@localhost>): its key is then
 * the channel, the sender and the id together, new_key (malloc'd), and
 * a second delivery of it is found under that.
 */
static int seen_before(struct store *st, const struct ingest_msg *m,
		       struct ingest_result *r, char **new_key)
{
	const char *key = m->message_id;
	int round;

	*new_key = NULL;
	for (round = 0; round < 2; round++) {
		sqlite3_stmt *s = store_stmt(st, sql_dup);
		long long cust = 0;
		int rc, same = 0, found = 0;

		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			found = 1;
			r->complaint_id = sqlite3_column_int64(s, 0);
			r->customer_id = cust = sqlite3_column_int64(s, 1);
			r->interaction_id = sqlite3_column_int64(s, 2);
			same = strcmp((const char *)sqlite3_column_text(s, 3), m->channel) == 0;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail_sqlite(st, _("cannot file the message"));
		if (!found)
			return STORE_OK;
		if (same && !m->outbound && round == 0 &&
		    sender_is(st, m, cust, &same) != STORE_OK)
			return STORE_ERROR;
		if (same || round == 1 || m->outbound) {
			r->duplicate = 1;
			return STORE_OK;
		}
		r->complaint_id = r->customer_id = r->interaction_id = 0;
		*new_key = sqlite3_mprintf("%s:%s:%s", m->channel,
					   m->from_addr && *m->from_addr ? m->from_addr
					   : m->phone && *m->phone ? m->phone
					   : m->customer_ext ? m->customer_ext : "",
					   m->message_id);
		if (*new_key == NULL)
			return store_fail(st, "%s", _("out of memory"));
		key = *new_key;
	}
	return STORE_OK;
}

static int ingest_filed(struct store *st, const struct ingest_msg *m, long long at,
			struct ingest_result *r);

static int ingest_tx(struct store *st, const struct ingest_msg *m, long long at,
		     struct ingest_result *r)
{
	struct ingest_msg mm = *m;
	char *key = NULL;
	int rc;

	if (m->message_id && *m->message_id) {
		if (seen_before(st, m, r, &key) != STORE_OK) {
			sqlite3_free(key);
			return STORE_ERROR;
		}
		if (r->duplicate) {
			sqlite3_free(key);
			return STORE_OK;
		}
		if (key != NULL)
			mm.message_id = key;
	}
	rc = ingest_filed(st, &mm, at, r);
	sqlite3_free(key);
	return rc;
}

/* The message, not filed before, filed. */
static int ingest_filed(struct store *st, const struct ingest_msg *m, long long at,
			struct ingest_result *r)
{
	sqlite3_stmt *s;
	long long fr, by = 0;
	const char *comment = NULL;
	size_t clen = 0;
	int rc, score = 0, lookups = 0;

	s = store_stmt(st, sql_channel_ok);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, m->channel, -1, SQLITE_STATIC);
	rc = first_id(st, s, &fr);
	if (rc == STORE_NOTFOUND) {
		/* The name is the sender's text, shown on a terminal. */
		char *safe = text_sanitize(m->channel, strlen(m->channel), 0);

		store_fail(st, _("unknown channel '%s'"), safe ? safe : "");
		free(safe);
		return STORE_INVALID;
	}
	if (rc != STORE_OK)
		return rc;
	/* An answer to the satisfaction question is recorded as such and
	 * leaves the resolved complaint as it is. */
	if (!m->outbound && !m->auto_reply) {
		int same = 0;

		rc = store_csat_match(st, m->thread_ids, m->nthread_ids, m->tag_complaint,
				      m->subject, m->body, &r->complaint_id,
				      &r->customer_id, &score, &comment, &clen);
		/* Only the customer answers for themselves. */
		if (rc == STORE_OK && sender_is(st, m, r->customer_id, &same) != STORE_OK)
			return STORE_ERROR;
		if (rc == STORE_OK && !same) {
			r->complaint_id = r->customer_id = 0;
			rc = STORE_NOTFOUND;
		}
		if (rc == STORE_OK) {
			r->threaded = 1;
			r->csat_score = score;
			goto add;
		}
		if (rc != STORE_NOTFOUND)
			return rc;
	}
	rc = find_thread(st, m, r);
	if (rc == STORE_OK)
		goto add;
	if (rc != STORE_NOTFOUND)
		return rc;
	rc = find_sender(st, m, &r->customer_id, &by);
	if (rc == STORE_NOTFOUND) {
		by = 0;
		rc = new_customer(st, m, &r->customer_id);
		r->new_customer = 1;
	}
	if (rc != STORE_OK)
		return rc;
	if (m->customer_ext && *m->customer_ext) {
		if ((s = store_stmt(st, sql_set_ext)) == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->customer_id);
		sqlite3_bind_text(s, 2, m->customer_ext, -1, SQLITE_STATIC);
		if (run(st, s) != STORE_OK)
			return STORE_ERROR;
	}
	s = store_stmt(st, sql_open_complaint);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, r->customer_id);
	sqlite3_bind_text(s, 2, m->channel, -1, SQLITE_STATIC);
	rc = first_id(st, s, &r->complaint_id);
	if (rc == STORE_OK && m->outbound) {
		/* The company's message leaves the state as it is. */
	} else if (rc == STORE_OK) {
		s = store_stmt(st, sql_reopen);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->complaint_id);
		if (run(st, s) != STORE_OK ||
		    store_sla_clock_sync(st, r->complaint_id) != STORE_OK)
			return STORE_ERROR;
	} else if (rc == STORE_NOTFOUND && m->outbound) {
		store_fail(st, "%s", _("a company message needs a complaint to join: give "
				       "reply_to, or send the customer's message first"));
		return STORE_INVALID;
	} else if (rc == STORE_NOTFOUND) {
		struct complaint_new cn;

		/* The message itself is added below, with its Message-ID. */
		memset(&cn, 0, sizeof cn);
		cn.customer_id = r->customer_id;
		cn.channel = m->channel;
		cn.category = m->category;
		cn.subject = m->subject && *m->subject ? m->subject : _("(no subject)");
		cn.opened_at = at;
		/* The order it is about, when the customer names one of theirs
		 * (the subject first): the console and `show` then say when
		 * another open complaint is about it too. */
		if (mentioned_order(st, r->customer_id, m->subject, &lookups,
				    &cn.order_id) != STORE_OK ||
		    (cn.order_id == 0 &&
		     mentioned_order(st, r->customer_id, m->body, &lookups,
				     &cn.order_id) != STORE_OK))
			return STORE_ERROR;
		/* A gateway's message that closes the matter as it opens it is
		 * history: nobody needs it in their queue. */
		cn.no_auto_assign = m->resolved;
		if (store_complaint_open_assign(st, &cn, &r->complaint_id,
						&r->assigned) != STORE_OK)
			return STORE_ERROR;
		r->new_complaint = 1;
		/* Opened from a merged record's address: replies go back there. */
		if (by != 0 && by != r->customer_id) {
			if ((s = store_stmt(st, sql_contact)) == NULL)
				return STORE_ERROR;
			sqlite3_bind_int64(s, 1, r->complaint_id);
			sqlite3_bind_int64(s, 2, by);
			if (run(st, s) != STORE_OK)
				return STORE_ERROR;
		}
	} else {
		return rc;
	}
add:
	s = store_stmt(st, m->outbound ? sql_out_interaction : sql_new_interaction);
	if (s == NULL)
		return STORE_ERROR;
	store_bind_text(s, 1, m->message_id, 1);
	sqlite3_bind_int64(s, 2, r->customer_id);
	sqlite3_bind_int64(s, 3, r->complaint_id);
	sqlite3_bind_text(s, 4, m->channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, at);
	store_bind_text(s, 6, m->subject, 1);
	sqlite3_bind_text(s, 7, m->body, -1, SQLITE_STATIC);
	if (run(st, s) != STORE_OK)
		return STORE_ERROR;
	r->interaction_id = sqlite3_last_insert_rowid(st->db);
	if (add_attachments(st, m, r->interaction_id) != STORE_OK)
		return STORE_ERROR;
	if (r->csat_score > 0 &&
	    store_csat_record(st, r->complaint_id, r->csat_score, comment, clen, at) !=
	    STORE_OK)
		return STORE_ERROR;
	return add_outcome(st, m, at, r);
}

int store_ingest(struct store *st, const struct ingest_msg *m, struct ingest_result *r)
{
	long long now = store_now(st);
	/* A sender's clock may run ahead; a message never arrives from the
	 * future, and SLA time starts no later than now. */
	long long at = m->at > 0 && m->at < now ? m->at : now;
	int rc;

	memset(r, 0, sizeof *r);
	if ((m->from_addr == NULL || *m->from_addr == '\0') &&
	    (m->phone == NULL || *m->phone == '\0') &&
	    (m->customer_ext == NULL || *m->customer_ext == '\0')) {
		store_fail(st, _("the message has neither a sender address nor a phone"));
		return STORE_INVALID;
	}
	/* Inside a caller's transaction (a released message) it joins it. */
	if (st->in_tx)
		return ingest_tx(st, m, at, r);
	if (store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	rc = ingest_tx(st, m, at, r);
	if (rc != STORE_OK) {
		char keep[sizeof st->errmsg];

		/* Keep the reason: a failed rollback would overwrite it. */
		snprintf(keep, sizeof keep, "%s", st->errmsg);
		store_tx_rollback(st);
		snprintf(st->errmsg, sizeof st->errmsg, "%s", keep);
		return rc;
	}
	return store_tx_commit(st);
}

static const char sql_cust_exists[] =
	"SELECT lang, coalesce((SELECT into_id FROM customer_merges m"
	" WHERE m.customer_id=customers.id), 0) FROM customers WHERE id=?1";
/* The records merged into the customer name the same person: their
 * personal data goes too (customer_merge.c). */
static const char sql_erase_merged[] =
	"UPDATE customers SET first_name=?2, last_name=CAST(id AS TEXT), email=NULL,"
	" phone=NULL, city=NULL, erased_at=coalesce(erased_at, ?3)"
	" WHERE id IN (SELECT customer_id FROM customer_merges WHERE into_id=?1)";
static const char sql_erase_customer[] =
	"UPDATE customers SET first_name=?2, last_name=?3, email=NULL, phone=NULL,"
	" city=NULL, erased_at=coalesce(erased_at, ?4) WHERE id=?1";
static const char sql_erase_attachments[] =
	"DELETE FROM attachments WHERE interaction_id IN"
	" (SELECT id FROM interactions WHERE customer_id=?1)";
static const char sql_erase_interactions[] =
	"UPDATE interactions SET body='" ERASED_MARK "',"
	" subject=CASE WHEN subject IS NULL THEN NULL ELSE '" ERASED_MARK "' END"
	" WHERE customer_id=?1";
static const char sql_erase_surveys[] =
	"UPDATE surveys SET comment='" ERASED_MARK "'"
	" WHERE customer_id=?1 AND comment IS NOT NULL";
static const char sql_erase_complaints[] =
	"UPDATE complaints SET subject='" ERASED_MARK "',"
	" resolution=CASE WHEN resolution IS NULL THEN NULL ELSE '" ERASED_MARK "' END"
	" WHERE customer_id=?1";
static const char sql_erase_drafts[] =
	"DELETE FROM drafts WHERE complaint_id IN"
	" (SELECT id FROM complaints WHERE customer_id=?1)";

/*
 * After an erasure no copy of the erased words may stay in the file.  The
 * search index is contentless: a deletion is recorded as a tombstone and
 * the words stay in the index's older segments until they are merged, so
 * every segment is merged now ('optimize', a rewrite of the index: seconds
 * on a large database), and the one segment left is moved where later
 * writes leave it alone (search_lift.c).  secure_delete, on for the whole
 * erasure, zeroes the pages and cells freed; a TRUNCATE checkpoint then
 * empties the WAL, which still holds the old pages.  A checkpoint that
 * other readers block is reported, not an error: the next one removes
 * them.
 */
static int customer_erase_rows(struct store *st, long long id,
				     const char *login);

static int purge_erased(struct store *st)
{
	static const char *const optimize[] = {
		FTS5_OPTIMIZE("search_customer"),
		FTS5_OPTIMIZE("search_interaction"),
	};
	sqlite3_stmt *s;
	size_t i;
	int busy = 1;

	if (store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	for (i = 0; i < sizeof optimize / sizeof optimize[0]; i++)
		if (store_exec(st, optimize[i]) != STORE_OK) {
			store_tx_rollback(st);
			return STORE_ERROR;
		}
	if (store_tx_commit(st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_prepare_v2(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			busy = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	if (busy)
		snprintf(st->warning, sizeof st->warning,
			 _("%s: others are reading the database, so the old copies of the "
			   "erased text stay in %s-wal until its next checkpoint"),
			 st->path, st->path);
	return STORE_OK;
}

int store_customer_erase(struct store *st, long long id, const char *login)
{
	int erc = customer_erase_rows(st, id, login);

	if (erc != STORE_OK)
		return erc;
	return purge_erased(st);
}

static int customer_erase_rows(struct store *st, long long id, const char *login)
{
	static const char *const steps[] = {
		sql_erase_interactions, sql_erase_surveys, sql_erase_complaints,
		sql_erase_drafts, sql_erase_attachments,
	};
	sqlite3_stmt *s;
	char lang[8] = "tr", idtext[32];
	long long into = 0;
	void *terms = NULL;
	size_t i;
	int rc;

	/* Freed pages and cells are zeroed, not left with the erased text. */
	if (store_exec(st, "PRAGMA secure_delete=ON") != STORE_OK)
		return STORE_ERROR;
	if (store_tx_begin(st) != STORE_OK)
		return STORE_ERROR;
	s = store_stmt(st, sql_cust_exists);
	if (s == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_col_text(s, 0, lang, sizeof lang);
		into = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE) {
		store_tx_rollback(st);
		store_fail(st, _("no customer with id %lld"), id);
		return STORE_NOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		store_fail_sqlite(st, _("cannot erase the customer"));
		goto fail;
	}
	if (into != 0) {
		store_tx_rollback(st);
		store_fail(st, _("customer %lld was merged into %lld; erasing %lld "
				 "erases both"), id, into, into);
		return STORE_DENIED;
	}
	/* The words of the messages, to take out of search_terms those no
	 * other message holds. */
	if (store_search_terms_gather(st, id, &terms) != STORE_OK)
		goto fail;
	s = store_stmt(st, sql_erase_customer);
	if (s == NULL)
		goto fail;
	snprintf(idtext, sizeof idtext, "%lld", id);
	sqlite3_bind_int64(s, 1, id);
	/* The placeholder name is data, not interface text: it follows the
	 * customer's language, not the agent's locale. */
	sqlite3_bind_text(s, 2, strcmp(lang, "tr") == 0 ? "Silindi" : "Erased", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 3, idtext, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, store_now(st));
	if (run(st, s) != STORE_OK)
		goto fail;
	if ((s = store_stmt(st, sql_erase_merged)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, strcmp(lang, "tr") == 0 ? "Silindi" : "Erased", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, store_now(st));
	if (run(st, s) != STORE_OK)
		goto fail;
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		s = store_stmt(st, steps[i]);
		if (s == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, id);
		if (run(st, s) != STORE_OK)
			goto fail;
	}
	rc = store_search_terms_prune(st, terms);
	terms = NULL;
	if (rc != STORE_OK)
		goto fail;
	/* An administrator who is not an agent is recorded by login. */
	if (store_audit_login(st, login, "erase", 0, id, NULL) != STORE_OK)
		goto fail;
	return store_tx_commit(st);
fail:
	store_search_terms_free(terms);
	{
		char keep[sizeof st->errmsg];

		snprintf(keep, sizeof keep, "%s", st->errmsg);
		store_tx_rollback(st);
		snprintf(st->errmsg, sizeof st->errmsg, "%s", keep);
	}
	return STORE_ERROR;
}
