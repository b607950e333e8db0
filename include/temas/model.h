/*
 * model.h: the plain rows that store functions fill and the UI and CLI read.
 *
 * Text from the team's data (names, ids, order numbers, subjects) is any
 * length: a const char * the store keeps for as long as it is open (one
 * copy of each distinct value, store_intern), so a row can be copied and
 * kept like any value and nothing is ever cut.  Only codes from a fixed
 * set (channel, priority, status, currency, tier) are small arrays.  A
 * field the store has not filled is NULL; text_or() reads it as "".
 * Message bodies are malloc'd and owned by the row, freed with the
 * matching *_free function.  Times are UTC Unix seconds; money is minor
 * units (kuruş) with a currency code.
 */
#ifndef TEMAS_MODEL_H
#define TEMAS_MODEL_H

#include <stdint.h>

typedef long long temas_time;   /* UTC seconds */
typedef long long temas_money;  /* minor units */

enum agent_role { ROLE_AGENT = 0, ROLE_SUPERVISOR = 1 };

struct agent {
	long long id;
	const char *login;
	const char *name;
	enum agent_role role;
	int active;
};

struct customer {
	long long id;
	const char *ext_id;
	const char *first_name;
	const char *last_name;
	const char *email;
	const char *phone;
	const char *city;
	char tier[24];          /* standard, silver, gold, platinum */
	const char *lang;       /* a BCP 47 tag: tr, en, pt-BR */
	temas_time created_at;  /* customer since */
	temas_money acquisition_cost;
	temas_time erased_at;   /* 0 unless personal data was erased */
	long long merged_into;  /* 0 unless merged into that customer */
	const char *name;       /* shown by: the name, else the e-mail or phone
				   masked, the team's id or #id */
};

/* Derived figures for the customer header, computed by the store. */
struct customer_summary {
	temas_money lifetime_value;   /* sum of non-cancelled orders */
	char currency[8];
	int orders;
	int last_nps;                 /* -1 when none */
	int complaints_90d;
	int negative_experiences;     /* complaints + detractor answers */
	int churn_risk;               /* negative_experiences >= 2 */
	temas_time last_order_at;
};

struct order {
	long long id;
	long long customer_id;
	const char *number;
	char status[24];   /* placed, shipped, delivered, cancelled, returned */
	temas_money total;
	char currency[8];
	temas_time placed_at;
};

struct order_line {
	long long id;
	long long order_id;
	const char *sku;
	const char *product;
	int qty;
	temas_money unit_price;
};

enum direction { DIR_IN = 0, DIR_OUT = 1, DIR_NOTE = 2 };

struct interaction {
	long long id;
	long long customer_id;
	long long complaint_id;   /* 0 when none */
	char channel[16];
	enum direction direction;
	long long agent_id;       /* 0 when from the customer */
	const char *agent_login;
	temas_time at;
	const char *subject;
	char *body;               /* owned */
};

enum complaint_status {
	ST_NEW = 0, ST_OPEN, ST_PENDING, ST_ESCALATED, ST_RESOLVED, ST_CLOSED,
	ST_COUNT
};

struct complaint {
	long long id;
	long long customer_id;
	long long order_id;       /* 0 when none */
	char channel[16];
	char priority[12];        /* low, normal, high, urgent */
	const char *category;
	const char *subject;
	enum complaint_status status;
	long long assignee_id;    /* 0 when unassigned */
	const char *assignee_login;
	const char *customer_name;
	temas_time opened_at;
	temas_time first_response_due;
	temas_time resolution_due;
	temas_time due_at;        /* the next deadline that applies */
	temas_time first_response_at;  /* 0 when none yet */
	temas_time resolved_at;
	temas_time closed_at;
	const char *resolution;   /* the note it was resolved with */
	temas_time snoozed_until; /* 0 unless snoozed: out of the queue until
				   * then, marked once back (snooze.h) */
	const char *snoozed_by;   /* the login that snoozed it */
	const char *snooze_note;  /* what to do then; "" for none */
};

void interaction_clear(struct interaction *it);

/* s, or "" for a field not filled. */
static inline const char *text_or(const char *s)
{
	return s ? s : "";
}

#endif
