/*
 * customer.h: reading a customer and their orders for display.
 */
#ifndef TEMAS_CUSTOMER_H
#define TEMAS_CUSTOMER_H

#include "temas/model.h"

struct store;

int store_customer_get(struct store *st, long long id, struct customer *out);
/* Newest first; up to max rows. */
int store_customer_orders(struct store *st, long long customer_id,
			  struct order *rows, int max, int *n);

#endif
