/*
 * schema.c: the ordered migrations that build and upgrade the database.
 *
 * Migration N moves PRAGMA user_version from N-1 to N.  They are applied in
 * order inside one transaction by db.c, so a database is always at exactly
 * one known version.  Append new migrations; never edit a released one.
 */
#include "internal.h"
#include "search_sql.h"
#include "summary_sql.h"

static const char m1_core[] =
	"CREATE TABLE channels("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  same_day INTEGER NOT NULL DEFAULT 0 CHECK(same_day IN (0,1)),"
	"  sort INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"INSERT INTO channels(code,name,same_day,sort) VALUES"
	"  ('phone','Phone',0,1),('email','E-mail',0,2),('web','Web form',0,3),"
	"  ('chat','Chat',0,4),('social','Social media',1,5),"
	"  ('portal','Complaint portal',1,6),('store','Store',0,7),"
	"  ('aftersales','After-sales service',0,8),('accounting','Accounting',0,9);"

	"CREATE TABLE agents("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL DEFAULT 'agent' CHECK(role IN ('agent','supervisor')),"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0,1)),"
	"  created_at INTEGER NOT NULL"
	") STRICT;"

	"CREATE TABLE customers("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"
	"  first_name TEXT NOT NULL,"
	"  last_name TEXT NOT NULL,"
	"  email TEXT,"
	"  phone TEXT,"
	"  city TEXT,"
	"  tier TEXT NOT NULL DEFAULT 'standard'"
	"    CHECK(tier IN ('standard','silver','gold','platinum')),"
	"  lang TEXT NOT NULL DEFAULT 'tr',"
	"  created_at INTEGER NOT NULL,"
	"  acquisition_cost INTEGER NOT NULL DEFAULT 0,"
	"  erased_at INTEGER"
	") STRICT;"
	"CREATE INDEX customers_email ON customers(email);"
	"CREATE INDEX customers_phone ON customers(phone);"

	"CREATE TABLE orders("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  number TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL CHECK(status IN"
	"    ('placed','shipped','delivered','cancelled','returned')),"
	"  total INTEGER NOT NULL,"
	"  currency TEXT NOT NULL DEFAULT 'TRY',"
	"  placed_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX orders_customer ON orders(customer_id, placed_at);"

	"CREATE TABLE order_lines("
	"  id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
	"  sku TEXT NOT NULL,"
	"  product TEXT NOT NULL,"
	"  qty INTEGER NOT NULL CHECK(qty > 0),"
	"  unit_price INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX order_lines_order ON order_lines(order_id);"

	"CREATE TABLE sla_policies("
	"  channel TEXT NOT NULL REFERENCES channels(code),"
	"  priority TEXT NOT NULL CHECK(priority IN ('low','normal','high','urgent')),"
	"  first_response_secs INTEGER NOT NULL CHECK(first_response_secs > 0),"
	"  resolution_secs INTEGER NOT NULL CHECK(resolution_secs > 0),"
	"  PRIMARY KEY(channel, priority)"
	") STRICT;"
	/* Defaults: hours scale with priority; same-day channels are capped
	 * at the end of the local day by the SLA code, not here. */
	"INSERT INTO sla_policies"
	"  SELECT c.code, p.priority, p.fr, p.res FROM channels c,"
	"  (SELECT 'urgent' AS priority, 3600 AS fr, 4*3600 AS res"
	"   UNION ALL SELECT 'high', 4*3600, 24*3600"
	"   UNION ALL SELECT 'normal', 8*3600, 72*3600"
	"   UNION ALL SELECT 'low', 24*3600, 7*86400) p;"

	"CREATE TABLE complaints("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  order_id INTEGER REFERENCES orders(id),"
	"  channel TEXT NOT NULL REFERENCES channels(code),"
	"  priority TEXT NOT NULL DEFAULT 'normal'"
	"    CHECK(priority IN ('low','normal','high','urgent')),"
	"  category TEXT NOT NULL DEFAULT 'other',"
	"  subject TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'new' CHECK(status IN"
	"    ('new','open','pending','escalated','resolved','closed')),"
	"  assignee_id INTEGER REFERENCES agents(id),"
	"  opened_at INTEGER NOT NULL,"
	"  first_response_due INTEGER NOT NULL,"
	"  resolution_due INTEGER NOT NULL,"
	"  first_response_at INTEGER,"
	"  resolved_at INTEGER,"
	"  closed_at INTEGER,"
	"  resolution TEXT,"
	"  due_at INTEGER GENERATED ALWAYS AS (CASE WHEN first_response_at IS NULL"
	"    THEN min(first_response_due, resolution_due)"
	"    ELSE resolution_due END) VIRTUAL,"
	"  is_open INTEGER GENERATED ALWAYS AS"
	"    (status NOT IN ('resolved','closed')) VIRTUAL"
	") STRICT;"
	"CREATE INDEX complaints_queue ON complaints(due_at) WHERE is_open;"
	"CREATE INDEX complaints_assignee ON complaints(assignee_id, due_at)"
	"  WHERE is_open;"
	"CREATE INDEX complaints_customer ON complaints(customer_id, opened_at);"

	"CREATE TABLE interactions("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  complaint_id INTEGER REFERENCES complaints(id),"
	"  channel TEXT NOT NULL REFERENCES channels(code),"
	"  direction TEXT NOT NULL CHECK(direction IN ('in','out','note')),"
	"  agent_id INTEGER REFERENCES agents(id),"
	"  at INTEGER NOT NULL,"
	"  subject TEXT,"
	"  body TEXT NOT NULL,"
	"  history_seen_at INTEGER"
	") STRICT;"
	"CREATE INDEX interactions_customer ON interactions(customer_id, at);"
	"CREATE INDEX interactions_complaint ON interactions(complaint_id, at)"
	"  WHERE complaint_id IS NOT NULL;"

	"CREATE TABLE templates("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  channel TEXT NOT NULL REFERENCES channels(code),"
	"  lang TEXT NOT NULL DEFAULT 'tr',"
	"  subject TEXT,"
	"  body TEXT NOT NULL,"
	"  UNIQUE(name, channel, lang)"
	") STRICT;"

	"CREATE TABLE surveys("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id),"
	"  complaint_id INTEGER REFERENCES complaints(id),"
	"  channel TEXT REFERENCES channels(code),"
	"  kind TEXT NOT NULL CHECK(kind IN ('nps','csat')),"
	"  score INTEGER NOT NULL,"
	"  comment TEXT,"
	"  at INTEGER NOT NULL,"
	"  CHECK((kind='nps' AND score BETWEEN 0 AND 10)"
	"     OR (kind='csat' AND score BETWEEN 1 AND 5))"
	") STRICT;"
	"CREATE INDEX surveys_customer ON surveys(customer_id, at);"
	"CREATE INDEX surveys_at ON surveys(at);"

	"CREATE TABLE history_seen("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, complaint_id)"
	") STRICT, WITHOUT ROWID;"

	"CREATE TABLE drafts("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  kind TEXT NOT NULL CHECK(kind IN ('reply','note')),"  /* m34 adds 'resolution' */
	"  body TEXT NOT NULL,"
	"  cursor INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, complaint_id, kind)"
	") STRICT;"

	"CREATE TABLE presence("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  activity TEXT NOT NULL CHECK(activity IN ('viewing','typing')),"
	"  pid INTEGER NOT NULL,"
	"  heartbeat_at INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, complaint_id)"
	") STRICT;"
	"CREATE INDEX presence_complaint ON presence(complaint_id);"

	"CREATE TABLE audit("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  agent_id INTEGER REFERENCES agents(id),"
	"  login TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  complaint_id INTEGER,"
	"  customer_id INTEGER,"
	"  detail TEXT"
	") STRICT;"
	"CREATE INDEX audit_complaint ON audit(complaint_id) WHERE complaint_id IS NOT NULL;"
	"CREATE INDEX audit_at ON audit(at);"
	/* The program only appends to the audit log. */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;";


/*
 * Full-text search over customers, orders and interactions.  The index
 * tables are contentless (the text lives once, in its own table) and use
 * SQLite's own unicode61 tokenizer with diacritics removed; the one
 * Turkish letter it does not fold, dotless ı, is folded by the indexed
 * expressions (search_sql.h).  Everything here is plain SQL, so any
 * program that writes the file (the sqlite3 shell included) keeps the
 * index current.  A bulk load sets search_state.suspended and rebuilds
 * the index in one pass afterwards.
 */
#define SEARCH_DEL(T, COLS, VALUES) \
	"INSERT INTO " T "(" T ", " COLS ") SELECT 'delete', " VALUES
#define SEARCH_ON "(SELECT suspended FROM search_state) = 0"
static const char m2_search[] =
	"CREATE TABLE search_state("
	"  id INTEGER PRIMARY KEY CHECK(id = 1),"
	"  suspended INTEGER NOT NULL DEFAULT 0 CHECK(suspended IN (0,1))"
	") STRICT;"
	"INSERT INTO search_state(id, suspended) VALUES(1, 0);"
	"CREATE VIRTUAL TABLE search_customer USING fts5("
	"  name, email, phone, content='', tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE search_order USING fts5("
	"  number, content='', tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE search_interaction USING fts5("
	"  subject, body, content='', tokenize='unicode61 remove_diacritics 2');"

	"CREATE TRIGGER search_customer_ai AFTER INSERT ON customers"
	"  WHEN new.erased_at IS NULL AND " SEARCH_ON " BEGIN"
	"  INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	"    VALUES(" SEARCH_CUSTOMER_VALUES("new") ");"
	"END;"
	"CREATE TRIGGER search_customer_ad AFTER DELETE ON customers"
	"  WHEN old.erased_at IS NULL AND " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_customer", SEARCH_CUSTOMER_COLS,
		   SEARCH_CUSTOMER_VALUES("old")) ";"
	"END;"
	"CREATE TRIGGER search_customer_au AFTER UPDATE OF"
	"  id, first_name, last_name, email, phone, erased_at ON customers"
	"  WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_customer", SEARCH_CUSTOMER_COLS,
		   SEARCH_CUSTOMER_VALUES("old")) " WHERE old.erased_at IS NULL;"
	"  INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	"    SELECT " SEARCH_CUSTOMER_VALUES("new") " WHERE new.erased_at IS NULL;"
	"END;"

	"CREATE TRIGGER search_order_ai AFTER INSERT ON orders"
	"  WHEN " SEARCH_ON " BEGIN"
	"  INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"    VALUES(" SEARCH_ORDER_VALUES("new") ");"
	"END;"
	"CREATE TRIGGER search_order_ad AFTER DELETE ON orders"
	"  WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS,
		   SEARCH_ORDER_VALUES("old")) ";"
	"END;"
	"CREATE TRIGGER search_order_au AFTER UPDATE OF id, number ON orders"
	"  WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS,
		   SEARCH_ORDER_VALUES("old")) ";"
	"  INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"    VALUES(" SEARCH_ORDER_VALUES("new") ");"
	"END;"

	"CREATE TRIGGER search_interaction_ai AFTER INSERT ON interactions"
	"  WHEN " SEARCH_ON " BEGIN"
	"  INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	"    VALUES(" SEARCH_INTERACTION_VALUES("new") ");"
	"END;"
	"CREATE TRIGGER search_interaction_ad AFTER DELETE ON interactions"
	"  WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_interaction", SEARCH_INTERACTION_COLS,
		   SEARCH_INTERACTION_VALUES("old")) ";"
	"END;"
	"CREATE TRIGGER search_interaction_au AFTER UPDATE OF"
	"  id, subject, body ON interactions"
	"  WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_interaction", SEARCH_INTERACTION_COLS,
		   SEARCH_INTERACTION_VALUES("old")) ";"
	"  INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	"    VALUES(" SEARCH_INTERACTION_VALUES("new") ");"
	"END;"

	/* An existing database gets its rows indexed now. */
	"INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	"  SELECT " SEARCH_CUSTOMER_VALUES("c") " FROM customers c"
	"  WHERE c.erased_at IS NULL;"
	"INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"  SELECT " SEARCH_ORDER_VALUES("o") " FROM orders o;"
	"INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	"  SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i;";


/*
 * Indexes for the supervisor's figures: each one lets a figure read only
 * its period or the open complaints instead of a whole table.
 */
static const char m3_metrics[] =
	"CREATE INDEX interactions_out ON interactions(at, agent_id,"
	"  history_seen_at) WHERE direction='out';"
	"CREATE INDEX complaints_opened ON complaints(opened_at, category,"
	"  customer_id);"
	"CREATE INDEX complaints_first_response ON complaints(first_response_at,"
	"  assignee_id, opened_at) WHERE first_response_at IS NOT NULL;"
	"CREATE INDEX complaints_open_age ON complaints(channel, opened_at)"
	"  WHERE is_open;";

/* Survey figures over a period read this index alone, not the table. */
static const char m4_surveys_period[] =
	"CREATE INDEX surveys_period ON surveys(at, kind, score, channel,"
	"  complaint_id);";

/*
 * Replies that leave temas.  A channel's `delivery` says how: 'mail'
 * through sendmail(8), 'gateway' through a program the team runs that
 * reads `temas outbox` and acknowledges; NULL for channels whose replies
 * are records of what was said (phone, store).  A reply on a delivering
 * channel gets its outbox row in the transaction that records it.
 * A sender claims a row by moving it from 'queued' to 'sending' in a
 * transaction, so two senders never hand one message to the MTA at once.
 */
static const char m5_outbox[] =
	"ALTER TABLE channels ADD COLUMN delivery TEXT"
	"  CHECK(delivery IN ('mail','gateway'));"
	"UPDATE channels SET delivery='mail' WHERE code IN ('email','web');"
	"UPDATE channels SET delivery='gateway' WHERE code IN ('chat','social','portal');"
	"CREATE TABLE outbox("
	"  id INTEGER PRIMARY KEY,"
	"  interaction_id INTEGER NOT NULL UNIQUE REFERENCES interactions(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  channel TEXT NOT NULL REFERENCES channels(code),"
	"  transport TEXT NOT NULL CHECK(transport IN ('mail','gateway')),"
	"  state TEXT NOT NULL DEFAULT 'queued'"
	"    CHECK(state IN ('queued','sending','sent','failed')),"
	"  message_id TEXT UNIQUE,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  queued_at INTEGER NOT NULL,"
	"  next_at INTEGER NOT NULL,"
	"  claimed_by TEXT,"
	"  claimed_at INTEGER,"
	"  done_at INTEGER,"
	"  exit_status INTEGER,"
	"  error TEXT,"
	"  external_id TEXT"
	") STRICT;"
	"CREATE INDEX outbox_due ON outbox(transport, next_at)"
	"  WHERE state IN ('queued','sending');"
	"CREATE INDEX outbox_complaint ON outbox(complaint_id);"
	"CREATE INDEX outbox_failed ON outbox(done_at) WHERE state='failed';"
	"CREATE INDEX outbox_external ON outbox(external_id)"
	"  WHERE external_id IS NOT NULL;";

/*
 * Inbound mail beyond its text: the files that came with a message
 * (data NULL when over the configured size), and the messages that must
 * not open complaints (auto-replies, loops, bulk, stray bounces), held
 * whole until a supervisor releases one.
 */
static const char m6_mail_in[] =
	"CREATE TABLE attachments("
	"  id INTEGER PRIMARY KEY,"
	"  interaction_id INTEGER NOT NULL REFERENCES interactions(id),"
	"  name TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  data BLOB"
	") STRICT;"
	"CREATE INDEX attachments_interaction ON attachments(interaction_id);"
	"CREATE TABLE quarantine("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  key TEXT NOT NULL UNIQUE,"
	"  reason TEXT NOT NULL,"
	"  from_addr TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  raw BLOB NOT NULL,"
	"  released_at INTEGER,"
	"  released_by TEXT"
	") STRICT;"
	"CREATE INDEX quarantine_held ON quarantine(at) WHERE released_at IS NULL;";

/*
 * Gateway accounts: logins that may file incoming messages (the mail
 * server's pipe, a chat gateway) without being agents.  Kept in the team's
 * database, not in a configuration file, because any user can write their
 * own configuration.
 */
static const char m7_gateways[] =
	"CREATE TABLE gateways("
	"  login TEXT PRIMARY KEY,"
	"  created_at INTEGER NOT NULL"
	") STRICT;";

/*
 * Turkish roots in the messages' search index: the index is built again
 * with the temas_tr tokenizer (search_tok.c), which other SQLite programs
 * lack, so the interactions table's triggers now queue the text to index
 * in search_queue (plain SQL, as before) and temas indexes the queue
 * (search.c).  A queued removal carries the text that was indexed, which
 * a contentless index needs to take a row out.
 */
static const char m8_search_roots[] =
	"DROP TRIGGER search_interaction_ai;"
	"DROP TRIGGER search_interaction_ad;"
	"DROP TRIGGER search_interaction_au;"
	"DROP TABLE search_interaction;"
	"CREATE VIRTUAL TABLE search_interaction USING fts5("
	"  subject, body, content='', tokenize='temas_tr');"
	"CREATE TABLE search_queue("
	"  seq INTEGER PRIMARY KEY,"
	"  op TEXT NOT NULL CHECK(op IN ('i', 'd')),"
	"  id INTEGER NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  body TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER search_interaction_ai AFTER INSERT ON interactions"
	"  WHEN " SEARCH_ON " BEGIN"
	"  INSERT INTO search_queue(op, id, subject, body)"
	"    VALUES('i', " SEARCH_INTERACTION_VALUES("new") ");"
	"END;"
	"CREATE TRIGGER search_interaction_ad AFTER DELETE ON interactions"
	"  WHEN " SEARCH_ON " BEGIN"
	"  INSERT INTO search_queue(op, id, subject, body)"
	"    VALUES('d', " SEARCH_INTERACTION_VALUES("old") ");"
	"END;"
	"CREATE TRIGGER search_interaction_au AFTER UPDATE OF"
	"  id, subject, body ON interactions"
	"  WHEN " SEARCH_ON " BEGIN"
	"  INSERT INTO search_queue(op, id, subject, body)"
	"    VALUES('d', " SEARCH_INTERACTION_VALUES("old") ");"
	"  INSERT INTO search_queue(op, id, subject, body)"
	"    VALUES('i', " SEARCH_INTERACTION_VALUES("new") ");"
	"END;"
	"INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	"  SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i;"
	"INSERT INTO search_interaction(search_interaction) VALUES('optimize');";

/* Files an agent attached to a reply not yet sent (compose :attach);
 * the reply's transaction moves them to attachments. */
static const char m9_draft_attachments[] =
	"CREATE TABLE draft_attachments("
	"  id INTEGER PRIMARY KEY,"
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  name TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL"
	") STRICT;"
	"CREATE INDEX draft_attachments_draft ON draft_attachments(agent_id, complaint_id);";

/*
 * Business-hours calendars, kept as the text a supervisor imported (parsed
 * where a due time is computed), and the calendar each channel's due
 * times count working time in (NULL: the clock runs all the time).
 */
static const char m10_calendars[] =
	"CREATE TABLE calendars("
	"  name TEXT PRIMARY KEY,"
	"  body TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL,"
	"  updated_by TEXT NOT NULL"
	") STRICT;"
	"ALTER TABLE channels ADD COLUMN calendar TEXT"
	"  REFERENCES calendars(name);";

/* When a pending complaint's SLA clock stopped (sla_clock.c). */
static const char m11_sla_pause[] =
	"ALTER TABLE complaints ADD COLUMN paused_at INTEGER;";

/*
 * Merge and link: a merged complaint is closed and points to the one its
 * interactions moved to; links join two related complaints (a < b).
 */
static const char m12_merge_link[] =
	"ALTER TABLE complaints ADD COLUMN merged_into INTEGER"
	"  REFERENCES complaints(id);"
	"CREATE TABLE complaint_links("
	"  a INTEGER NOT NULL REFERENCES complaints(id),"
	"  b INTEGER NOT NULL REFERENCES complaints(id),"
	"  at INTEGER NOT NULL,"
	"  login TEXT NOT NULL,"
	"  PRIMARY KEY(a, b),"
	"  CHECK(a < b)"
	") STRICT;"
	"CREATE INDEX complaint_links_b ON complaint_links(b);";

/*
 * Escalation rules (escalate.c), and the rules that have acted on each
 * complaint: the key makes each rule act once per complaint, whichever
 * process gets there first.
 */
static const char m13_escalation[] =
	"CREATE TABLE escalation_rules("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  target TEXT NOT NULL CHECK(target IN ('first_response','resolution')),"
	"  before_secs INTEGER NOT NULL DEFAULT 0 CHECK(before_secs >= 0),"
	"  channel TEXT REFERENCES channels(code),"
	"  action TEXT NOT NULL CHECK(action IN ('priority','assign')),"
	"  arg TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE escalations_fired("
	"  rule_id INTEGER NOT NULL REFERENCES escalation_rules(id) ON DELETE CASCADE,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY(rule_id, complaint_id)"
	") STRICT;";

/*
 * What kind of thing changed, for consoles that see another process
 * commit (PRAGMA data_version says only that something did): one counter
 * per concern, bumped by triggers in the writing transaction itself, so
 * every writer (the console, the CLI, an import, the sqlite3 shell) keeps
 * them.  A presence heartbeat that only renews the time bumps nothing:
 * it changes nothing any screen shows.
 */
#define CHANGES_ON(t, op, c) \
	"CREATE TRIGGER changes_" t "_" op " AFTER " op " ON " t \
	" BEGIN UPDATE changes SET n = n + 1 WHERE concern = '" c "'; END;"
#define CHANGES(t, c) \
	CHANGES_ON(t, "insert", c) CHANGES_ON(t, "update", c) \
	CHANGES_ON(t, "delete", c)

static const char m14_changes[] =
	"CREATE TABLE changes("
	"  concern TEXT PRIMARY KEY,"
	"  n INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO changes(concern, n) VALUES"
	" ('queue', 0), ('customer', 0), ('presence', 0);"
	CHANGES("complaints", "queue")
	CHANGES("complaint_links", "queue")
	CHANGES("agents", "queue")
	CHANGES("channels", "queue")
	CHANGES("sla_policies", "queue")
	CHANGES("customers", "customer")
	CHANGES("orders", "customer")
	CHANGES("order_lines", "customer")
	CHANGES("interactions", "customer")
	CHANGES("surveys", "customer")
	CHANGES("outbox", "customer")
	CHANGES_ON("presence", "insert", "presence")
	CHANGES_ON("presence", "delete", "presence")
	"CREATE TRIGGER changes_presence_update AFTER UPDATE ON presence"
	" WHEN old.complaint_id IS NOT new.complaint_id"
	"  OR old.activity IS NOT new.activity"
	"  OR old.agent_id IS NOT new.agent_id"
	" BEGIN UPDATE changes SET n = n + 1 WHERE concern = 'presence'; END;";

/*
 * Tags on complaints: short words an agent or a rule puts on a complaint
 * ("kargo", "iade") to group, find and count them.  The index on tag
 * serves the queue's tag filter and the supervisor's counts.
 */
static const char m15_tags[] =
	"CREATE TABLE complaint_tags("
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  tag TEXT NOT NULL,"
	"  added_at INTEGER NOT NULL,"
	"  added_by INTEGER REFERENCES agents(id),"
	"  PRIMARY KEY(complaint_id, tag)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX complaint_tags_tag ON complaint_tags(tag, complaint_id);"
	CHANGES("complaint_tags", "queue");

/*
 * An escalation rule may also tag the complaint.  SQLite cannot change a
 * CHECK in place: the two tables are built again and renamed, which
 * carries the rules and what they did (the rename rewrites the foreign
 * key of escalations_fired to the new escalation_rules).
 */
static const char m16_escalation_tag[] =
	"CREATE TABLE escalation_rules_new("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  target TEXT NOT NULL CHECK(target IN ('first_response','resolution')),"
	"  before_secs INTEGER NOT NULL DEFAULT 0 CHECK(before_secs >= 0),"
	"  channel TEXT REFERENCES channels(code),"
	"  action TEXT NOT NULL CHECK(action IN ('priority','assign','tag')),"
	"  arg TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL"
	") STRICT;"
	"INSERT INTO escalation_rules_new SELECT id, name, target, before_secs,"
	" channel, action, arg, created_at, created_by FROM escalation_rules;"
	"CREATE TABLE escalations_fired_new("
	"  rule_id INTEGER NOT NULL REFERENCES escalation_rules_new(id) ON DELETE CASCADE,"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY(rule_id, complaint_id)"
	") STRICT;"
	"INSERT INTO escalations_fired_new SELECT rule_id, complaint_id, at"
	" FROM escalations_fired;"
	"DROP TABLE escalations_fired;"
	"DROP TABLE escalation_rules;"
	"ALTER TABLE escalation_rules_new RENAME TO escalation_rules;"
	"ALTER TABLE escalations_fired_new RENAME TO escalations_fired;";

/*
 * Satisfaction collected by temas itself.  Imported survey answers carry
 * the team's own key (ext_id) when their file has one.  A CSAT question is
 * asked at most once per complaint (the key), as an outgoing message that
 * waits in the outbox until its due time; survey_id is the answer that
 * came back, so a second reply is not counted again.
 */
static const char m17_csat[] =
	"ALTER TABLE surveys ADD COLUMN ext_id TEXT;"
	"CREATE UNIQUE INDEX surveys_ext ON surveys(ext_id) WHERE ext_id IS NOT NULL;"
	"CREATE TABLE csat_questions("
	"  complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),"
	"  interaction_id INTEGER NOT NULL UNIQUE REFERENCES interactions(id),"
	"  asked_at INTEGER NOT NULL,"
	"  survey_id INTEGER REFERENCES surveys(id)"
	") STRICT;";

/*
 * Macros: a named list of actions a supervisor writes (temas-macro(5))
 * and an agent applies to a complaint in one step.  The actions keep the
 * order of the file (seq); arg is the word after the keyword, text the
 * free text (a note, a resolution).
 */
static const char m18_macros[] =
	"CREATE TABLE macros("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE macro_actions("
	"  macro_id INTEGER NOT NULL REFERENCES macros(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK(kind IN ('status','priority','tag','untag',"
	"   'assign','note','reply')),"
	"  arg TEXT,"
	"  text TEXT,"
	"  PRIMARY KEY(macro_id, seq)"
	") STRICT;";

/*
 * The words the messages' index holds, each once (search_tok.c keeps it
 * current as temas indexes): a prefix query becomes the words that start
 * with it (search.c).  Filled here from the index itself, once.
 */
static const char m19_search_terms[] =
	"CREATE TABLE search_terms(term TEXT PRIMARY KEY) WITHOUT ROWID, STRICT;"
	"CREATE VIRTUAL TABLE temp.search_vocab USING"
	"  fts5vocab(main, search_interaction, row);"
	"INSERT OR IGNORE INTO search_terms(term) SELECT term FROM temp.search_vocab;"
	"DROP TABLE temp.search_vocab;";

/*
 * Snooze: a complaint leaves the active queue until snoozed_until and
 * comes back then, marked, until someone acts on it (snooze.c).  The
 * triggers keep that true whoever writes: a reply or a note clears a
 * snooze whose time has come, a message from the customer brings a
 * sleeping one back at once, and a resolved or closed complaint keeps
 * none.  The index serves the queue, which leaves the few sleeping ones
 * out, and the console's next wake-up.
 */
static const char m20_snooze[] =
	"ALTER TABLE complaints ADD COLUMN snoozed_until INTEGER;"
	"ALTER TABLE complaints ADD COLUMN snoozed_by INTEGER"
	"  REFERENCES agents(id);"
	"ALTER TABLE complaints ADD COLUMN snooze_note TEXT;"
	"CREATE INDEX complaints_snoozed ON complaints(snoozed_until)"
	"  WHERE snoozed_until IS NOT NULL;"
	"CREATE TRIGGER snooze_acted AFTER INSERT ON interactions"
	" WHEN new.complaint_id IS NOT NULL AND new.direction IN ('out','note')"
	" BEGIN UPDATE complaints SET snoozed_until=NULL, snoozed_by=NULL,"
	"  snooze_note=NULL WHERE id=new.complaint_id"
	"  AND snoozed_until<=new.at; END;"
	"CREATE TRIGGER snooze_answered AFTER INSERT ON interactions"
	" WHEN new.complaint_id IS NOT NULL AND new.direction='in'"
	" BEGIN UPDATE complaints SET snoozed_until=new.at"
	"  WHERE id=new.complaint_id AND snoozed_until>new.at; END;"
	"CREATE TRIGGER snooze_closed AFTER UPDATE OF status ON complaints"
	" WHEN new.snoozed_until IS NOT NULL"
	"  AND new.status IN ('resolved','closed')"
	" BEGIN UPDATE complaints SET snoozed_until=NULL, snoozed_by=NULL,"
	"  snooze_note=NULL WHERE id=new.id; END;";

/*
 * Summaries the supervisor's figures read instead of whole tables: each
 * customer's first and last order (what churn needs) and how many
 * customers had their first or last order on each day; replies per agent
 * and day; survey answers per day, channel and agent; complaints opened
 * per day and category, and per day and tag.  Days are UTC days
 * (SUMMARY_DAY); a figure over a period reads the whole days inside it
 * here and the rows of the partial days at its ends from the tables, so
 * it is exact for any period and any time zone.  Triggers keep them
 * exact in the transaction that changes the rows: one UPSERT per row
 * changed.  A bulk load suspends them (summary_state, inside its own
 * transaction) and rebuilds them once at the end with the queries of
 * summary.c, which `temas reindex --summaries` runs too.
 */
#define SUMMARY_ON "(SELECT suspended FROM summary_state) = 0"
/* Recount one customer's orders from the orders table. */
#define SUMMARY_CUSTOMER_RECOUNT(id) \
	"  DELETE FROM summary_customer_orders WHERE customer_id = " id \
	"   AND NOT EXISTS(SELECT 1 FROM orders WHERE customer_id = " id ");" \
	"  INSERT INTO summary_customer_orders(customer_id, first_at, last_at," \
	"   orders, revenue)" \
	"   SELECT customer_id, min(placed_at), max(placed_at), count(*)," \
	"    sum(" SUMMARY_REVENUE("orders") ") FROM orders" \
	"   WHERE customer_id = " id " GROUP BY customer_id" \
	"   ON CONFLICT(customer_id) DO UPDATE SET first_at = excluded.first_at," \
	"    last_at = excluded.last_at, orders = excluded.orders," \
	"    revenue = excluded.revenue" \
	"   WHERE first_at IS NOT excluded.first_at" \
	"    OR last_at IS NOT excluded.last_at OR orders IS NOT excluded.orders" \
	"    OR revenue IS NOT excluded.revenue;"
#define SUMMARY_ORDER_DAYS_UPSERT \
	" ON CONFLICT(day) DO UPDATE SET firsts = firsts + excluded.firsts," \
	" lasts = lasts + excluded.lasts;"
/* A reply counts for its agent when it is an outgoing message by one. */
#define SUMMARY_REPLY(r, sign) \
	SUMMARY_REPLY_IN("summary_agent_days", "day", SUMMARY_DAY(r ".at"), r, sign)
#define SUMMARY_REPLY_IN(table, key, at, r, sign) \
	"  INSERT INTO " table "(" key ", agent_id, replies, with_history)" \
	"   SELECT " at ", " r ".agent_id, " sign "1," \
	"    " sign "(" r ".history_seen_at IS NOT NULL" \
	"     AND " r ".history_seen_at <= " r ".at)" \
	"   WHERE " r ".direction = 'out' AND " r ".agent_id IS NOT NULL" \
	"   ON CONFLICT(" key ", agent_id) DO UPDATE SET" \
	"    replies = replies + excluded.replies," \
	"    with_history = with_history + excluded.with_history;"
/*
 * A survey answer counts for its channel (its own, else its complaint's)
 * and the agent holding its complaint; chan and agent are expressions.
 */
#define SUMMARY_SURVEY_VALUES(r, sign) \
	sign "(" r ".kind = 'nps'), " sign "(" r ".kind = 'nps' AND " r ".score >= 9)," \
	" " sign "(" r ".kind = 'nps' AND " r ".score BETWEEN 7 AND 8)," \
	" " sign "(" r ".kind = 'nps' AND " r ".score <= 6)," \
	" " sign "(" r ".kind = 'csat')," \
	" " sign "(CASE WHEN " r ".kind = 'csat' THEN " r ".score ELSE 0 END)"
#define SUMMARY_SURVEY_UPSERT \
	" ON CONFLICT(day, channel, agent_id) DO UPDATE SET" SUMMARY_SURVEY_SUMS
#define SUMMARY_SURVEY_SUMS \
	"  nps = nps + excluded.nps, promoters = promoters + excluded.promoters," \
	"  passives = passives + excluded.passives," \
	"  detractors = detractors + excluded.detractors," \
	"  csat = csat + excluded.csat, csat_sum = csat_sum + excluded.csat_sum;"
#define SUMMARY_SURVEY_COLS \
	"  INSERT INTO summary_survey_days(day, channel, agent_id, nps, promoters," \
	"   passives, detractors, csat, csat_sum)"
#define SUMMARY_SURVEY(r, sign) \
	SUMMARY_SURVEY_COLS \
	"   SELECT " SUMMARY_DAY(r ".at") "," \
	"    coalesce(" r ".channel, c.channel, ''), coalesce(c.assignee_id, 0)," \
	"    " SUMMARY_SURVEY_VALUES(r, sign) \
	"   FROM (SELECT 1) LEFT JOIN complaints c ON c.id = " r ".complaint_id" \
	"   WHERE true" SUMMARY_SURVEY_UPSERT
/* The surveys of complaint r counted under its channel and assignee. */
#define SUMMARY_COMPLAINT_SURVEYS(r, sign) \
	SUMMARY_SURVEY_COLS \
	"   SELECT " SUMMARY_DAY("s.at") ", coalesce(s.channel, " r ".channel, '')," \
	"    coalesce(" r ".assignee_id, 0), " SUMMARY_SURVEY_VALUES("s", sign) \
	"   FROM surveys s WHERE s.complaint_id = " r ".id" SUMMARY_SURVEY_UPSERT
#define SUMMARY_CATEGORY(r, sign) \
	"  INSERT INTO summary_complaint_days(day, category, complaints)" \
	"   VALUES(" SUMMARY_DAY(r ".opened_at") ", " r ".category, " sign "1)" \
	"   ON CONFLICT(day, category) DO UPDATE SET" \
	"    complaints = complaints + excluded.complaints;"
#define SUMMARY_TAG_UPSERT \
	" ON CONFLICT(day, tag) DO UPDATE SET" \
	"  complaints = complaints + excluded.complaints;"
#define SUMMARY_TAG(r, sign) \
	"  INSERT INTO summary_tag_days(day, tag, complaints)" \
	"   SELECT " SUMMARY_DAY("c.opened_at") ", " r ".tag, " sign "1" \
	"   FROM complaints c WHERE c.id = " r ".complaint_id" SUMMARY_TAG_UPSERT
/* The tags of complaint r counted on its opening day. */
#define SUMMARY_COMPLAINT_TAGS(r, sign) \
	"  INSERT INTO summary_tag_days(day, tag, complaints)" \
	"   SELECT " SUMMARY_DAY(r ".opened_at") ", t.tag, " sign "1" \
	"   FROM complaint_tags t WHERE t.complaint_id = " r ".id" SUMMARY_TAG_UPSERT

static const char m21_summaries[] =
	"CREATE TABLE summary_state("
	"  id INTEGER PRIMARY KEY CHECK(id = 1),"
	"  suspended INTEGER NOT NULL DEFAULT 0 CHECK(suspended IN (0,1))"
	") STRICT;"
	"INSERT INTO summary_state(id, suspended) VALUES(1, 0);"
	"CREATE TABLE summary_customer_orders("
	"  customer_id INTEGER PRIMARY KEY,"
	"  first_at INTEGER NOT NULL,"
	"  last_at INTEGER NOT NULL,"
	"  orders INTEGER NOT NULL,"
	"  revenue INTEGER NOT NULL"   /* orders not cancelled, any currency */
	") STRICT;"
	"CREATE INDEX summary_customer_orders_first ON"
	"  summary_customer_orders(first_at);"
	"CREATE INDEX summary_customer_orders_last ON"
	"  summary_customer_orders(last_at);"
	"CREATE TABLE summary_order_days("
	"  day INTEGER PRIMARY KEY,"
	"  firsts INTEGER NOT NULL,"   /* customers whose first order is that day */
	"  lasts INTEGER NOT NULL"     /* customers whose last order is that day */
	") STRICT;"
	"CREATE TABLE summary_agent_days("
	"  day INTEGER NOT NULL,"
	"  agent_id INTEGER NOT NULL,"
	"  replies INTEGER NOT NULL,"
	"  with_history INTEGER NOT NULL,"
	"  PRIMARY KEY(day, agent_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE summary_survey_days("
	"  day INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"     /* '' when neither survey nor complaint has one */
	"  agent_id INTEGER NOT NULL," /* 0 when no agent holds the complaint */
	"  nps INTEGER NOT NULL,"
	"  promoters INTEGER NOT NULL,"
	"  passives INTEGER NOT NULL,"
	"  detractors INTEGER NOT NULL,"
	"  csat INTEGER NOT NULL,"
	"  csat_sum INTEGER NOT NULL,"
	"  PRIMARY KEY(day, channel, agent_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE summary_complaint_days("
	"  day INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(day, category)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE summary_tag_days("
	"  day INTEGER NOT NULL,"
	"  tag TEXT NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(day, tag)"
	") STRICT, WITHOUT ROWID;"
	/* A complaint's new assignee or channel moves its surveys. */
	"CREATE INDEX surveys_complaint ON surveys(complaint_id)"
	"  WHERE complaint_id IS NOT NULL;"
	/* The queues by agent read the open complaints from this index alone. */
	"CREATE INDEX complaints_open_agent ON complaints(assignee_id, status,"
	"  due_at, opened_at) WHERE is_open;"

	"CREATE TRIGGER summary_order_ai AFTER INSERT ON orders"
	"  WHEN " SUMMARY_ON " BEGIN"
	"  INSERT INTO summary_customer_orders(customer_id, first_at, last_at,"
	"   orders, revenue) VALUES(new.customer_id, new.placed_at, new.placed_at,"
	"   1, " SUMMARY_REVENUE("new") ")"
	"   ON CONFLICT(customer_id) DO UPDATE SET"
	"    first_at = min(first_at, excluded.first_at),"
	"    last_at = max(last_at, excluded.last_at), orders = orders + 1,"
	"    revenue = revenue + excluded.revenue;"
	"END;"
	"CREATE TRIGGER summary_order_ad AFTER DELETE ON orders"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_CUSTOMER_RECOUNT("old.customer_id")
	"END;"
	"CREATE TRIGGER summary_order_au AFTER UPDATE OF customer_id, placed_at,"
	"  status, total ON orders"
	"  WHEN " SUMMARY_ON " AND (old.customer_id IS NOT new.customer_id"
	"   OR old.placed_at IS NOT new.placed_at OR old.total IS NOT new.total"
	"   OR (old.status = 'cancelled') IS NOT (new.status = 'cancelled')) BEGIN"
	SUMMARY_CUSTOMER_RECOUNT("old.customer_id")
	SUMMARY_CUSTOMER_RECOUNT("new.customer_id")
	"END;"
	"CREATE TRIGGER summary_customer_orders_ai AFTER INSERT"
	"  ON summary_customer_orders WHEN " SUMMARY_ON " BEGIN"
	"  INSERT INTO summary_order_days(day, firsts, lasts)"
	"   VALUES(" SUMMARY_DAY("new.first_at") ", 1, 0),"
	"    (" SUMMARY_DAY("new.last_at") ", 0, 1)" SUMMARY_ORDER_DAYS_UPSERT
	"END;"
	"CREATE TRIGGER summary_customer_orders_ad AFTER DELETE"
	"  ON summary_customer_orders WHEN " SUMMARY_ON " BEGIN"
	"  INSERT INTO summary_order_days(day, firsts, lasts)"
	"   VALUES(" SUMMARY_DAY("old.first_at") ", -1, 0),"
	"    (" SUMMARY_DAY("old.last_at") ", 0, -1)" SUMMARY_ORDER_DAYS_UPSERT
	"END;"
	"CREATE TRIGGER summary_customer_orders_au AFTER UPDATE OF first_at, last_at"
	"  ON summary_customer_orders"
	"  WHEN " SUMMARY_ON " AND (" SUMMARY_DAY("old.first_at") " <> "
	"   " SUMMARY_DAY("new.first_at")
	"   OR " SUMMARY_DAY("old.last_at") " <> " SUMMARY_DAY("new.last_at") ") BEGIN"
	"  INSERT INTO summary_order_days(day, firsts, lasts)"
	"   VALUES(" SUMMARY_DAY("old.first_at") ", -1, 0),"
	"    (" SUMMARY_DAY("old.last_at") ", 0, -1),"
	"    (" SUMMARY_DAY("new.first_at") ", 1, 0),"
	"    (" SUMMARY_DAY("new.last_at") ", 0, 1)" SUMMARY_ORDER_DAYS_UPSERT
	"END;"

	"CREATE TRIGGER summary_interaction_ai AFTER INSERT ON interactions"
	"  WHEN new.direction = 'out' AND new.agent_id IS NOT NULL"
	"   AND " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY("new", "")
	"END;"
	"CREATE TRIGGER summary_interaction_ad AFTER DELETE ON interactions"
	"  WHEN old.direction = 'out' AND old.agent_id IS NOT NULL"
	"   AND " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY("old", "-")
	"END;"
	"CREATE TRIGGER summary_interaction_au AFTER UPDATE OF direction, agent_id,"
	"  at, history_seen_at ON interactions"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY("old", "-")
	SUMMARY_REPLY("new", "")
	"END;"

	"CREATE TRIGGER summary_survey_ai AFTER INSERT ON surveys"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY("new", "")
	"END;"
	"CREATE TRIGGER summary_survey_ad AFTER DELETE ON surveys"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY("old", "-")
	"END;"
	"CREATE TRIGGER summary_survey_au AFTER UPDATE OF complaint_id, channel,"
	"  kind, score, at ON surveys"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY("old", "-")
	SUMMARY_SURVEY("new", "")
	"END;"

	"CREATE TRIGGER summary_complaint_ai AFTER INSERT ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_CATEGORY("new", "")
	"END;"
	"CREATE TRIGGER summary_complaint_ad AFTER DELETE ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_CATEGORY("old", "-")
	"END;"
	"CREATE TRIGGER summary_complaint_au_category AFTER UPDATE OF opened_at,"
	"  category ON complaints"
	"  WHEN " SUMMARY_ON " AND (old.category IS NOT new.category"
	"   OR " SUMMARY_DAY("old.opened_at") " <> " SUMMARY_DAY("new.opened_at") ") BEGIN"
	SUMMARY_CATEGORY("old", "-")
	SUMMARY_CATEGORY("new", "")
	SUMMARY_COMPLAINT_TAGS("old", "-")
	SUMMARY_COMPLAINT_TAGS("new", "")
	"END;"
	"CREATE TRIGGER summary_complaint_au_surveys AFTER UPDATE OF assignee_id,"
	"  channel ON complaints"
	"  WHEN " SUMMARY_ON " AND (old.assignee_id IS NOT new.assignee_id"
	"   OR old.channel IS NOT new.channel) BEGIN"
	SUMMARY_COMPLAINT_SURVEYS("old", "-")
	SUMMARY_COMPLAINT_SURVEYS("new", "")
	"END;"

	"CREATE TRIGGER summary_tag_ai AFTER INSERT ON complaint_tags"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_TAG("new", "")
	"END;"
	"CREATE TRIGGER summary_tag_ad AFTER DELETE ON complaint_tags"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_TAG("old", "-")
	"END;"
	"CREATE TRIGGER summary_tag_au AFTER UPDATE OF complaint_id, tag"
	"  ON complaint_tags WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_TAG("old", "-")
	SUMMARY_TAG("new", "")
	"END;"
	SUMMARY_REBUILD_SQL;

/*
 * Auto-assignment on arrival (assign.c).  A channel with a rule hands each
 * new complaint to an agent who is online and below their capacity:
 * round-robin from the cursor (the last agent it gave one to, kept here so
 * every process continues the same turn) or the least loaded.  skills:
 * only agents who list the complaint's channel and/or its customer's
 * language.  capacity NULL: no limit (a supervisor takes part only when
 * given one).  agent_seen is a console's heartbeat while it runs, with or
 * without a complaint on screen (presence is per complaint).
 */
static const char m22_assignment[] =
	"CREATE TABLE assign_rules("
	"  channel TEXT PRIMARY KEY REFERENCES channels(code),"
	"  mode TEXT NOT NULL CHECK(mode IN ('round-robin','least-loaded')),"
	"  skill_channel INTEGER NOT NULL DEFAULT 0 CHECK(skill_channel IN (0,1)),"
	"  skill_lang INTEGER NOT NULL DEFAULT 0 CHECK(skill_lang IN (0,1)),"
	"  cursor INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  updated_by TEXT NOT NULL"
	") STRICT;"
	"ALTER TABLE agents ADD COLUMN capacity INTEGER"
	"  CHECK(capacity IS NULL OR capacity >= 0);"
	"CREATE TABLE agent_skills("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  kind TEXT NOT NULL CHECK(kind IN ('channel','lang')),"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY(agent_id, kind, value)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE agent_seen("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  pid INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, pid)"
	") STRICT, WITHOUT ROWID;";

/*
 * Saved views: named queue filters (the grammar of filter.h), an agent's
 * own or shared with the team by a supervisor.
 */
static const char m23_views[] =
	"CREATE TABLE views("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  owner_id INTEGER NOT NULL REFERENCES agents(id),"
	"  shared INTEGER NOT NULL DEFAULT 0 CHECK(shared IN (0, 1)),"
	"  filter TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  UNIQUE(owner_id, name)"
	") STRICT;"
	"CREATE INDEX views_shared ON views(shared, name);";

/*
 * Prefixes of one, two and three letters in the customers' and orders'
 * indexes: FTS5 answers "s*", "53*" or "yil*" from an entry of its own,
 * newest first, where it would gather every match of every word that
 * begins so (most of the index for one letter) before the first.  Longer
 * prefixes begin few words.  The triggers of migration 2 write to these
 * tables by name and need no change.
 */
#define PREFIX_INDEX "prefix='1 2 3'"
static const char m24_search_prefixes[] =
	"DROP TABLE search_customer;"
	"CREATE VIRTUAL TABLE search_customer USING fts5("
	"  name, email, phone, content='', tokenize='unicode61 remove_diacritics 2',"
	"  " PREFIX_INDEX ");"
	"INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	"  SELECT " SEARCH_CUSTOMER_VALUES("c") " FROM customers c"
	"  WHERE c.erased_at IS NULL;"
	"INSERT INTO search_customer(search_customer) VALUES('optimize');"
	"DROP TABLE search_order;"
	"CREATE VIRTUAL TABLE search_order USING fts5("
	"  number, content='', tokenize='unicode61 remove_diacritics 2',"
	"  " PREFIX_INDEX ");"
	"INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"  SELECT " SEARCH_ORDER_VALUES("o") " FROM orders o;"
	"INSERT INTO search_order(search_order) VALUES('optimize');";

/*
 * Figures over a period whose ends fall inside days read the rows of
 * those partial days; a day of replies on a million customers is tens of
 * thousands of rows.  Replies per agent and UTC hour (kept like the days
 * of migration 21) leave only the partial hours at the ends to the rows.
 * The detractor answers of a period with their customers, for the
 * customers at churn risk, come from an index of their own.
 */
#define SUMMARY_REPLY_HOUR(r, sign) \
	SUMMARY_REPLY_IN("summary_agent_hours", "hour", SUMMARY_HOUR(r ".at"), r, sign)
static const char m25_summary_hours[] =
	"CREATE INDEX surveys_detractors ON surveys(at, customer_id)"
	"  WHERE kind = 'nps' AND score <= 6;"
	"CREATE TABLE summary_agent_hours("
	"  hour INTEGER NOT NULL,"
	"  agent_id INTEGER NOT NULL,"
	"  replies INTEGER NOT NULL,"
	"  with_history INTEGER NOT NULL,"
	"  PRIMARY KEY(hour, agent_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER summary_interaction_hour_ai AFTER INSERT ON interactions"
	"  WHEN new.direction = 'out' AND new.agent_id IS NOT NULL"
	"   AND " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY_HOUR("new", "")
	"END;"
	"CREATE TRIGGER summary_interaction_hour_ad AFTER DELETE ON interactions"
	"  WHEN old.direction = 'out' AND old.agent_id IS NOT NULL"
	"   AND " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY_HOUR("old", "-")
	"END;"
	"CREATE TRIGGER summary_interaction_hour_au AFTER UPDATE OF direction,"
	"  agent_id, at, history_seen_at ON interactions"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_REPLY_HOUR("old", "-")
	SUMMARY_REPLY_HOUR("new", "")
	"END;"
	"INSERT INTO summary_agent_hours " SUMMARY_AGENT_HOURS_SQL ";";

/*
 * The same by hour for the survey answers of the whole team (the overall
 * score and its weekly trend: weeks end at any second) and for the
 * complaints by category, kept by triggers and refilled with the others.
 */
#define SUMMARY_SURVEY_HOUR(r, sign) \
	"  INSERT INTO summary_survey_hours(hour, nps, promoters, passives," \
	"   detractors, csat, csat_sum)" \
	"   VALUES(" SUMMARY_HOUR(r ".at") ", " SUMMARY_SURVEY_VALUES(r, sign) ")" \
	"   ON CONFLICT(hour) DO UPDATE SET" SUMMARY_SURVEY_SUMS
#define SUMMARY_CATEGORY_HOUR(r, sign) \
	"  INSERT INTO summary_complaint_hours(hour, category, complaints)" \
	"   VALUES(" SUMMARY_HOUR(r ".opened_at") ", " r ".category, " sign "1)" \
	"   ON CONFLICT(hour, category) DO UPDATE SET" \
	"    complaints = complaints + excluded.complaints;"
static const char m26_summary_hours[] =
	"CREATE TABLE summary_survey_hours("
	"  hour INTEGER PRIMARY KEY,"
	"  nps INTEGER NOT NULL,"
	"  promoters INTEGER NOT NULL,"
	"  passives INTEGER NOT NULL,"
	"  detractors INTEGER NOT NULL,"
	"  csat INTEGER NOT NULL,"
	"  csat_sum INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE summary_complaint_hours("
	"  hour INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(hour, category)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER summary_survey_hour_ai AFTER INSERT ON surveys"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY_HOUR("new", "")
	"END;"
	"CREATE TRIGGER summary_survey_hour_ad AFTER DELETE ON surveys"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY_HOUR("old", "-")
	"END;"
	"CREATE TRIGGER summary_survey_hour_au AFTER UPDATE OF kind, score, at"
	"  ON surveys WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_SURVEY_HOUR("old", "-")
	SUMMARY_SURVEY_HOUR("new", "")
	"END;"
	"CREATE TRIGGER summary_complaint_hour_ai AFTER INSERT ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_CATEGORY_HOUR("new", "")
	"END;"
	"CREATE TRIGGER summary_complaint_hour_ad AFTER DELETE ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_CATEGORY_HOUR("old", "-")
	"END;"
	"CREATE TRIGGER summary_complaint_hour_au AFTER UPDATE OF opened_at,"
	"  category ON complaints"
	"  WHEN " SUMMARY_ON " AND (old.category IS NOT new.category"
	"   OR old.opened_at IS NOT new.opened_at) BEGIN"
	SUMMARY_CATEGORY_HOUR("old", "-")
	SUMMARY_CATEGORY_HOUR("new", "")
	"END;"
	"INSERT INTO summary_survey_hours " SUMMARY_SURVEY_HOURS_SQL ";"
	"INSERT INTO summary_complaint_hours " SUMMARY_COMPLAINT_HOURS_SQL ";";

/*
 * Prefix entries for the messages' index (one to three letters or digits)
 * and longer ones for the customers' (up to eight): FTS5 answers "10*",
 * "s*" or "mehm*" from an entry of its own, newest first, as it answers a
 * word.  Without one it gathers every match of every word that begins so
 * before the first: for "10*", the tens of thousands of order numbers the
 * messages quote, for "mehm*" every Mehmet and his e-mail address.  Longer
 * prefixes begin few words, or are written out as the words they begin
 * (search.c).  The indexes are built again; what was queued for the
 * messages' is in the table it is built from.
 */
#define PREFIX_INDEX_NAMES "prefix='1 2 3 4 5 6 7 8'"
#define PREFIX_INDEX_MESSAGES "prefix='1 2 3'"
static const char m27_search_prefixes[] =
	"DROP TABLE search_customer;"
	"CREATE VIRTUAL TABLE search_customer USING fts5("
	"  name, email, phone, content='', tokenize='unicode61 remove_diacritics 2',"
	"  " PREFIX_INDEX_NAMES ");"
	"INSERT INTO search_customer(" SEARCH_CUSTOMER_COLS ")"
	"  SELECT " SEARCH_CUSTOMER_VALUES("c") " FROM customers c"
	"  WHERE c.erased_at IS NULL;"
	"INSERT INTO search_customer(search_customer) VALUES('optimize');"
	"DROP TABLE search_interaction;"
	"CREATE VIRTUAL TABLE search_interaction USING fts5("
	"  subject, body, content='', tokenize='temas_tr',"
	"  " PREFIX_INDEX_MESSAGES ");"
	"DELETE FROM search_queue;"
	"INSERT INTO search_interaction(" SEARCH_INTERACTION_COLS ")"
	"  SELECT " SEARCH_INTERACTION_VALUES("i") " FROM interactions i;"
	"INSERT INTO search_interaction(search_interaction) VALUES('optimize');";

/*
 * An erased customer's messages and orders leave the search indexes, as
 * the customer has left the customers' index since migration 2: a message
 * or an order is indexed while its customer is not erased (SEARCH_KEPT),
 * and a customer's erasure takes theirs out (and an erasure undone puts
 * them back), so a search counts and ranks from the index alone, with no
 * look at the customer of every match.  The erasure blanks the messages
 * after the customer is marked (ingest.c): by then they are out of the
 * index and their blanked text is not indexed.  On an existing database
 * what other programs queued is indexed first, so the index holds exactly
 * the rows' text, and then the erased customers' rows are taken out,
 * found from the customers (CROSS JOIN: a scan of the customers, not of
 * every message); an index suspended for a bulk load is rebuilt
 * (search.c) and left alone.
 */
#define M28_QUEUE(OP, R) \
	"  INSERT INTO search_queue(op, id, subject, body)" \
	"    SELECT '" OP "', " SEARCH_INTERACTION_VALUES(R)
static const char m28_search_erased[] =
	"DROP TRIGGER search_interaction_ai;"
	"DROP TRIGGER search_interaction_ad;"
	"DROP TRIGGER search_interaction_au;"
	"DROP TRIGGER search_order_ai;"
	"DROP TRIGGER search_order_ad;"
	"DROP TRIGGER search_order_au;"
	"CREATE TRIGGER search_interaction_ai AFTER INSERT ON interactions"
	"  WHEN " SEARCH_ON " AND " SEARCH_KEPT("new") " BEGIN"
	M28_QUEUE("i", "new") ";"
	"END;"
	"CREATE TRIGGER search_interaction_ad AFTER DELETE ON interactions"
	"  WHEN " SEARCH_ON " AND " SEARCH_KEPT("old") " BEGIN"
	M28_QUEUE("d", "old") ";"
	"END;"
	"CREATE TRIGGER search_interaction_au AFTER UPDATE OF"
	"  id, customer_id, subject, body ON interactions"
	"  WHEN " SEARCH_ON " BEGIN"
	M28_QUEUE("d", "old") " WHERE " SEARCH_KEPT("old") ";"
	M28_QUEUE("i", "new") " WHERE " SEARCH_KEPT("new") ";"
	"END;"
	"CREATE TRIGGER search_order_ai AFTER INSERT ON orders"
	"  WHEN " SEARCH_ON " AND " SEARCH_KEPT("new") " BEGIN"
	"  INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"    VALUES(" SEARCH_ORDER_VALUES("new") ");"
	"END;"
	"CREATE TRIGGER search_order_ad AFTER DELETE ON orders"
	"  WHEN " SEARCH_ON " AND " SEARCH_KEPT("old") " BEGIN "
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS,
		   SEARCH_ORDER_VALUES("old")) ";"
	"END;"
	"CREATE TRIGGER search_order_au AFTER UPDATE OF id, customer_id, number"
	"  ON orders WHEN " SEARCH_ON " BEGIN "
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS,
		   SEARCH_ORDER_VALUES("old")) " WHERE " SEARCH_KEPT("old") ";"
	"  INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"    SELECT " SEARCH_ORDER_VALUES("new") " WHERE " SEARCH_KEPT("new") ";"
	"END;"
	"CREATE TRIGGER search_customer_erased AFTER UPDATE OF erased_at"
	"  ON customers WHEN " SEARCH_ON
	"  AND (old.erased_at IS NULL) <> (new.erased_at IS NULL) BEGIN"
	M28_QUEUE("d", "i") " FROM interactions i"
	"    WHERE i.customer_id = new.id AND new.erased_at IS NOT NULL;"
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS, SEARCH_ORDER_VALUES("o"))
	"    FROM orders o WHERE o.customer_id = new.id"
	"    AND new.erased_at IS NOT NULL;"
	M28_QUEUE("i", "i") " FROM interactions i"
	"    WHERE i.customer_id = new.id AND new.erased_at IS NULL;"
	"  INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"    SELECT " SEARCH_ORDER_VALUES("o") " FROM orders o"
	"    WHERE o.customer_id = new.id AND new.erased_at IS NULL;"
	"END;"
	/* An existing database: the queue into the index, then the erased
	 * customers' rows out of it. */
	"INSERT INTO search_interaction(search_interaction, " SEARCH_INTERACTION_COLS ")"
	"  SELECT CASE op WHEN 'd' THEN 'delete' END, id, subject, body"
	"  FROM search_queue WHERE " SEARCH_ON " ORDER BY seq;"
	"DELETE FROM search_queue WHERE " SEARCH_ON ";"
	"INSERT INTO search_interaction(search_interaction, " SEARCH_INTERACTION_COLS ")"
	"  SELECT 'delete', " SEARCH_INTERACTION_VALUES("i")
	"  FROM customers c CROSS JOIN interactions i ON i.customer_id = c.id"
	"  WHERE c.erased_at IS NOT NULL AND " SEARCH_ON ";"
	SEARCH_DEL("search_order", SEARCH_ORDER_COLS, SEARCH_ORDER_VALUES("o"))
	"  FROM customers c CROSS JOIN orders o ON o.customer_id = c.id"
	"  WHERE c.erased_at IS NOT NULL AND " SEARCH_ON ";";

/*
 * Prefixes of four characters in the orders' index too: "2025*", the
 * year of three quarters of a million orders on a million customers, is
 * walked newest first like a word.  Written as the word and its narrower
 * prefixes ("20250*" ...), each of those made FTS5 read every page of the
 * year's matches to find the words after it (it finds a word by reading
 * on from the last one its b-tree names), a thousand pages a statement.
 * The index is built again, in one pass (search.c's rebuild does the same).
 */
#define PREFIX_INDEX_ORDERS "prefix='1 2 3 4'"
static const char m29_order_prefixes[] =
	"DROP TABLE search_order;"
	"CREATE VIRTUAL TABLE search_order USING fts5("
	"  number, content='', tokenize='unicode61 remove_diacritics 2',"
	"  " PREFIX_INDEX_ORDERS ");"
	"INSERT INTO search_order(search_order, rank) VALUES('automerge', 0);"
	"INSERT INTO search_order(search_order, rank) VALUES('hashsize', 8388608);"
	"INSERT INTO search_order(" SEARCH_ORDER_COLS ")"
	"  SELECT " SEARCH_ORDER_VALUES("o") " FROM orders o"
	"  WHERE " SEARCH_KEPT("o") ";"
	"INSERT INTO search_order(search_order) VALUES('optimize');"
	"INSERT INTO search_order(search_order, rank) VALUES('automerge', 4);"
	"INSERT INTO search_order(search_order, rank) VALUES('hashsize', 1048576);"
	"DELETE FROM search_order_config WHERE k IN ('automerge', 'hashsize');";

/*
 * The open complaints counted as the queues, the backlog and the breach
 * count read them (metrics.c): per agent (0: nobody), channel and whether
 * pending; per agent and the hour they fall due; per channel and the hour
 * they were opened.  A figure reads the totals, the few hours still ahead
 * (due) or behind by up to three days (opened), and the rows of the one
 * partial hour at each edge from the open-complaint indexes, so it costs
 * the same whatever the size of the queue.  A bucket back at zero is
 * deleted.  The oldest open complaint of each agent is the first entry of
 * complaints_open_oldest.
 */
#define SUMMARY_OPEN_KEY(r) \
	"coalesce(" r ".assignee_id, 0), " r ".channel, " r ".status = 'pending'"
#define SUMMARY_OPEN_ADD(r, sign) \
	"  INSERT INTO summary_open(agent_id, channel, pending, complaints)" \
	"   SELECT " SUMMARY_OPEN_KEY(r) ", " sign "1 WHERE " r ".is_open" \
	"   ON CONFLICT(agent_id, channel, pending) DO UPDATE SET" \
	"    complaints = complaints + excluded.complaints;"
#define SUMMARY_OPEN_DUE_ADD(r, sign) \
	"  INSERT INTO summary_open_due(hour, agent_id, complaints)" \
	"   SELECT " SUMMARY_HOUR(r ".due_at") ", coalesce(" r ".assignee_id, 0)," \
	"    " sign "1 WHERE " r ".is_open" \
	"   ON CONFLICT(hour, agent_id) DO UPDATE SET" \
	"    complaints = complaints + excluded.complaints;"
#define SUMMARY_OPEN_AGE_ADD(r, sign) \
	"  INSERT INTO summary_open_age(hour, channel, complaints)" \
	"   SELECT " SUMMARY_HOUR(r ".opened_at") ", " r ".channel, " sign "1" \
	"   WHERE " r ".is_open" \
	"   ON CONFLICT(hour, channel) DO UPDATE SET" \
	"    complaints = complaints + excluded.complaints;"
/* The buckets row r counted in, deleted when they came back to zero. */
#define SUMMARY_OPEN_PRUNE(r) \
	"  DELETE FROM summary_open WHERE agent_id = coalesce(" r ".assignee_id, 0)" \
	"   AND channel = " r ".channel AND pending = (" r ".status = 'pending')" \
	"   AND complaints = 0;"
#define SUMMARY_OPEN_DUE_PRUNE(r) \
	"  DELETE FROM summary_open_due WHERE hour = " SUMMARY_HOUR(r ".due_at") \
	"   AND agent_id = coalesce(" r ".assignee_id, 0) AND complaints = 0;"
#define SUMMARY_OPEN_AGE_PRUNE(r) \
	"  DELETE FROM summary_open_age WHERE hour = " SUMMARY_HOUR(r ".opened_at") \
	"   AND channel = " r ".channel AND complaints = 0;"
/* Whether a change could move complaint old/new from one bucket to another. */
#define SUMMARY_OPEN_MOVED(cond) \
	"  WHEN (old.is_open OR new.is_open) AND (old.is_open IS NOT new.is_open" \
	"   OR " cond ") AND " SUMMARY_ON " BEGIN"
static const char m30_summary_open[] =
	"CREATE TABLE summary_open("
	"  agent_id INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  pending INTEGER NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, channel, pending)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE summary_open_due("
	"  hour INTEGER NOT NULL,"
	"  agent_id INTEGER NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(hour, agent_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE summary_open_age("
	"  hour INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  complaints INTEGER NOT NULL,"
	"  PRIMARY KEY(hour, channel)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX complaints_open_oldest ON complaints(assignee_id, opened_at)"
	"  WHERE is_open;"
	"CREATE TRIGGER summary_open_ai AFTER INSERT ON complaints"
	"  WHEN new.is_open AND " SUMMARY_ON " BEGIN"
	SUMMARY_OPEN_ADD("new", "")
	SUMMARY_OPEN_DUE_ADD("new", "")
	SUMMARY_OPEN_AGE_ADD("new", "")
	"END;"
	"CREATE TRIGGER summary_open_ad AFTER DELETE ON complaints"
	"  WHEN old.is_open AND " SUMMARY_ON " BEGIN"
	SUMMARY_OPEN_ADD("old", "-") SUMMARY_OPEN_PRUNE("old")
	SUMMARY_OPEN_DUE_ADD("old", "-") SUMMARY_OPEN_DUE_PRUNE("old")
	SUMMARY_OPEN_AGE_ADD("old", "-") SUMMARY_OPEN_AGE_PRUNE("old")
	"END;"
	"CREATE TRIGGER summary_open_au AFTER UPDATE OF status, assignee_id,"
	"  channel ON complaints"
	SUMMARY_OPEN_MOVED("old.assignee_id IS NOT new.assignee_id"
			   " OR old.channel IS NOT new.channel"
			   " OR (old.status = 'pending') IS NOT (new.status = 'pending')")
	SUMMARY_OPEN_ADD("old", "-") SUMMARY_OPEN_PRUNE("old")
	SUMMARY_OPEN_ADD("new", "")
	"END;"
	"CREATE TRIGGER summary_open_due_au AFTER UPDATE OF status, assignee_id,"
	"  first_response_at, first_response_due, resolution_due ON complaints"
	SUMMARY_OPEN_MOVED("old.assignee_id IS NOT new.assignee_id"
			   " OR " SUMMARY_HOUR("old.due_at") " IS NOT "
			   SUMMARY_HOUR("new.due_at"))
	SUMMARY_OPEN_DUE_ADD("old", "-") SUMMARY_OPEN_DUE_PRUNE("old")
	SUMMARY_OPEN_DUE_ADD("new", "")
	"END;"
	"CREATE TRIGGER summary_open_age_au AFTER UPDATE OF status, channel,"
	"  opened_at ON complaints"
	SUMMARY_OPEN_MOVED("old.channel IS NOT new.channel"
			   " OR " SUMMARY_HOUR("old.opened_at") " IS NOT "
			   SUMMARY_HOUR("new.opened_at"))
	SUMMARY_OPEN_AGE_ADD("old", "-") SUMMARY_OPEN_AGE_PRUNE("old")
	SUMMARY_OPEN_AGE_ADD("new", "")
	"END;"
	"INSERT INTO summary_open " SUMMARY_OPEN_SQL ";"
	"INSERT INTO summary_open_due " SUMMARY_OPEN_DUE_SQL ";"
	"INSERT INTO summary_open_age " SUMMARY_OPEN_AGE_SQL ";";

/*
 * The customers at churn risk in a period ending after every complaint
 * and detractor answer (the report's last days): those whose last two
 * such events are both in it.  Each customer's last two are kept here by
 * triggers, so the candidates are read from an index on the earlier one
 * instead of from every event of the period (metrics.c).  A new event
 * moves them on; a changed or deleted one reads the customer's last two
 * again from the indexes on the customer.
 */
#define SUMMARY_RISK_ADD(c, at) \
	"  INSERT INTO summary_customer_risk(customer_id, last_at, prev_at)" \
	"   VALUES(" c ", " at ", NULL) ON CONFLICT(customer_id) DO UPDATE SET" \
	"    last_at = max(last_at, excluded.last_at)," \
	"    prev_at = CASE WHEN excluded.last_at >= last_at THEN last_at" \
	"     WHEN prev_at IS NULL OR excluded.last_at > prev_at" \
	"     THEN excluded.last_at ELSE prev_at END;"
#define SUMMARY_DETRACTOR(r) r ".kind = 'nps' AND " r ".score <= 6"
#define SUMMARY_RISK_RECOUNT(c) \
	"  DELETE FROM summary_customer_risk WHERE customer_id = " c \
	"   AND NOT EXISTS(SELECT 1 FROM complaints WHERE customer_id = " c ")" \
	"   AND NOT EXISTS(SELECT 1 FROM surveys s WHERE s.customer_id = " c \
	"    AND " SUMMARY_DETRACTOR("s") ");" \
	"  INSERT INTO summary_customer_risk(customer_id, last_at, prev_at)" \
	"   SELECT " c ", l, p FROM (SELECT max(at) AS l," \
	"    CASE WHEN count(*) > 1 THEN min(at) END AS p FROM (" \
	"     SELECT at FROM (SELECT opened_at AS at FROM complaints" \
	"      WHERE customer_id = " c " ORDER BY opened_at DESC LIMIT 2)" \
	"     UNION ALL SELECT at FROM (SELECT s.at FROM surveys s" \
	"      WHERE s.customer_id = " c " AND " SUMMARY_DETRACTOR("s") \
	"      ORDER BY s.at DESC LIMIT 2) ORDER BY at DESC LIMIT 2))" \
	"   WHERE l IS NOT NULL ON CONFLICT(customer_id) DO UPDATE SET" \
	"    last_at = excluded.last_at, prev_at = excluded.prev_at;"
static const char m31_summary_risk[] =
	"CREATE TABLE summary_customer_risk("
	"  customer_id INTEGER PRIMARY KEY,"
	"  last_at INTEGER NOT NULL,"
	"  prev_at INTEGER"
	") STRICT;"
	"CREATE INDEX summary_customer_risk_prev ON summary_customer_risk(prev_at)"
	"  WHERE prev_at IS NOT NULL;"
	"CREATE TRIGGER summary_risk_complaint_ai AFTER INSERT ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_ADD("new.customer_id", "new.opened_at")
	"END;"
	"CREATE TRIGGER summary_risk_complaint_ad AFTER DELETE ON complaints"
	"  WHEN " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_RECOUNT("old.customer_id")
	"END;"
	"CREATE TRIGGER summary_risk_complaint_au AFTER UPDATE OF customer_id,"
	"  opened_at ON complaints"
	"  WHEN (old.customer_id IS NOT new.customer_id"
	"   OR old.opened_at IS NOT new.opened_at) AND " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_RECOUNT("old.customer_id")
	SUMMARY_RISK_RECOUNT("new.customer_id")
	"END;"
	"CREATE TRIGGER summary_risk_survey_ai AFTER INSERT ON surveys"
	"  WHEN " SUMMARY_DETRACTOR("new") " AND " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_ADD("new.customer_id", "new.at")
	"END;"
	"CREATE TRIGGER summary_risk_survey_ad AFTER DELETE ON surveys"
	"  WHEN " SUMMARY_DETRACTOR("old") " AND " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_RECOUNT("old.customer_id")
	"END;"
	"CREATE TRIGGER summary_risk_survey_au AFTER UPDATE OF customer_id, kind,"
	"  score, at ON surveys"
	"  WHEN ((" SUMMARY_DETRACTOR("old") ") OR (" SUMMARY_DETRACTOR("new") "))"
	"   AND " SUMMARY_ON " BEGIN"
	SUMMARY_RISK_RECOUNT("old.customer_id")
	SUMMARY_RISK_RECOUNT("new.customer_id")
	"END;"
	"INSERT INTO summary_customer_risk " SUMMARY_CUSTOMER_RISK_SQL ";";

/*
 * A tag is one word however it was typed: "İade", "iade", "IADE" and
 * "ıade" are the same tag, as search takes them (temas_fold, text_fold_tr).
 * tag_names keeps, for each folded key, the spelling the team uses, the
 * first one temas met; a tag typed any other way is filed, filtered and
 * removed under that spelling (tag.c, queue.c, escalate.c).  Here the
 * spelling most used of each key is taken, and the other spellings on
 * complaints, escalation rules and macros are rewritten to it (a
 * complaint that had two of them keeps one; the tag counters follow the
 * rows through their triggers).
 */
static const char m32_tag_names[] =
	"CREATE TABLE tag_names("
	"  key TEXT PRIMARY KEY,"
	"  tag TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"INSERT OR IGNORE INTO tag_names(key, tag)"
	"  SELECT temas_fold(tag), tag FROM complaint_tags"
	"  GROUP BY tag ORDER BY count(*) DESC, tag;"
	"INSERT OR IGNORE INTO tag_names(key, tag)"
	"  SELECT temas_fold(arg), arg FROM escalation_rules WHERE action = 'tag'"
	"  ORDER BY id;"
	"INSERT OR IGNORE INTO tag_names(key, tag)"
	"  SELECT temas_fold(arg), arg FROM macro_actions"
	"  WHERE kind IN ('tag', 'untag') AND arg IS NOT NULL"
	"  ORDER BY macro_id, seq;"
	"CREATE TEMP TABLE tag_respell AS"
	"  SELECT t.complaint_id, t.tag AS old, n.tag AS new, t.added_at, t.added_by"
	"  FROM complaint_tags t JOIN tag_names n ON n.key = temas_fold(t.tag)"
	"  WHERE t.tag <> n.tag;"
	"DELETE FROM complaint_tags WHERE (complaint_id, tag) IN"
	"  (SELECT complaint_id, old FROM temp.tag_respell);"
	"INSERT OR IGNORE INTO complaint_tags(complaint_id, tag, added_at, added_by)"
	"  SELECT complaint_id, new, min(added_at), added_by FROM temp.tag_respell"
	"  GROUP BY complaint_id, new;"
	"DROP TABLE temp.tag_respell;"
	"UPDATE escalation_rules SET arg ="
	"  (SELECT tag FROM tag_names WHERE key = temas_fold(arg))"
	"  WHERE action = 'tag';"
	"UPDATE macro_actions SET arg ="
	"  (SELECT tag FROM tag_names WHERE key = temas_fold(arg))"
	"  WHERE kind IN ('tag', 'untag') AND arg IS NOT NULL;";

/*
 * A channel's code is an identifier of at most 15 bytes, letters, digits,
 * '-' and '_': every row that names a channel holds it in 16 bytes, and
 * a longer code, written by another program, was cut there without a
 * word (a reply on it went to no outbox).  The database now refuses such
 * a code from any writer, with a message that says why.
 */
static const char m33_channel_codes[] =
	"CREATE TRIGGER IF NOT EXISTS channel_code_ai BEFORE INSERT ON channels"
	"  WHEN length(CAST(new.code AS BLOB)) NOT BETWEEN 1 AND 15"
	"   OR new.code GLOB '*[^a-z0-9_-]*' BEGIN"
	"  SELECT RAISE(ABORT, 'a channel code is 1 to 15 small letters, digits, - or _');"
	"END;"
	"CREATE TRIGGER IF NOT EXISTS channel_code_au BEFORE UPDATE OF code ON channels"
	"  WHEN length(CAST(new.code AS BLOB)) NOT BETWEEN 1 AND 15"
	"   OR new.code GLOB '*[^a-z0-9_-]*' BEGIN"
	"  SELECT RAISE(ABORT, 'a channel code is 1 to 15 small letters, digits, - or _');"
	"END;";

/*
 * A resolution note is kept as it is typed, as replies and notes are: a
 * dropped session used to lose it.  The kind's CHECK cannot change in
 * place; the table is built again and renamed, its drafts kept (nothing
 * refers to it and it has no trigger).
 */
static const char m34_resolution_drafts[] =
	"CREATE TABLE drafts_new("
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  kind TEXT NOT NULL CHECK(kind IN ('reply','note','resolution')),"
	"  body TEXT NOT NULL,"
	"  cursor INTEGER NOT NULL DEFAULT 0,"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY(agent_id, complaint_id, kind)"
	") STRICT;"
	"INSERT INTO drafts_new(agent_id, complaint_id, kind, body, cursor,"
	" updated_at) SELECT agent_id, complaint_id, kind, body, cursor,"
	" updated_at FROM drafts;"
	"DROP TABLE drafts;"
	"ALTER TABLE drafts_new RENAME TO drafts;";

/*
 * A file attached while writing a note is the note's, one attached to a
 * reply the reply's: they shared the agent's one draft list, so a note's
 * internal file went to the customer with the next reply.  Files already
 * waiting are taken to be a reply's, as they were.  A rebuild, so that a
 * file set back to an older version can run it again.
 */
static const char m35_draft_attachment_kinds[] =
	"CREATE TABLE draft_attachments_new("
	"  id INTEGER PRIMARY KEY,"
	"  agent_id INTEGER NOT NULL REFERENCES agents(id),"
	"  complaint_id INTEGER NOT NULL REFERENCES complaints(id),"
	"  kind TEXT NOT NULL DEFAULT 'reply' CHECK(kind IN ('reply','note')),"
	"  name TEXT NOT NULL,"
	"  content_type TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  data BLOB NOT NULL"
	") STRICT;"
	"INSERT INTO draft_attachments_new(id, agent_id, complaint_id, name,"
	" content_type, size, data) SELECT id, agent_id, complaint_id, name,"
	" content_type, size, data FROM draft_attachments;"
	"DROP TABLE draft_attachments;"
	"ALTER TABLE draft_attachments_new RENAME TO draft_attachments;"
	"CREATE INDEX draft_attachments_draft ON draft_attachments(agent_id, complaint_id);";

/*
 * Finding a customer by the address or the phone a message came from read
 * every customer: the address is compared without case, which the index on
 * it (binary) cannot answer, and the phone by its digits, which the index
 * on the written phone cannot either.  With a million customers a call
 * took a second and a half to file.  Both indexes are built on what is
 * compared.
 */
static const char m36_contact_indexes[] =
	"DROP INDEX IF EXISTS customers_email;"
	"CREATE INDEX customers_email ON customers(email COLLATE NOCASE);"
	"DROP INDEX IF EXISTS customers_phone;"
	"CREATE INDEX customers_phone ON customers(" STORE_PHONE_DIGITS ")"
	"  WHERE phone IS NOT NULL;";

/*
 * Two records of one person made one (customer_merge.c): the record merged
 * away stays, so that its address, phone and the team's id still name the
 * person, and this table points it at the record that stays.  A table
 * rather than a column, so that a file set back to an older version runs
 * it again.
 */
static const char m37_customer_merges[] =
	"CREATE TABLE IF NOT EXISTS customer_merges("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),"
	"  into_id INTEGER NOT NULL REFERENCES customers(id),"
	"  merged_at INTEGER NOT NULL,"
	"  login TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX IF NOT EXISTS customer_merges_into ON customer_merges(into_id);";

/*
 * Where a complaint's replies go when it is not its customer's own
 * address, phone or handle: a complaint a merge moved keeps the record it
 * came from, and a complaint opened by a message from a merged record's
 * address is that record's (customer_merge.c, ingest.c).  A reply goes
 * back where the customer wrote from, not to another of their addresses.
 */
static const char m38_complaint_contacts[] =
	"CREATE TABLE IF NOT EXISTS complaint_contacts("
	"  complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id)"
	") STRICT;";

/*
 * When each merge took effect in this database, which is not always when
 * it was made: a merge read from another database's export keeps the
 * time it was made there (customer_merges.merged_at) and takes effect at
 * the import.  The order-history rule counts from this time: orders seen
 * before a merge reached the customer are not that customer's orders.
 * Merges made before this table existed took effect when they were made.
 */
static const char m39_merge_arrivals[] =
	"CREATE TABLE IF NOT EXISTS customer_merge_arrivals("
	"  customer_id INTEGER PRIMARY KEY REFERENCES customers(id),"
	"  at INTEGER NOT NULL"
	") STRICT;"
	"INSERT OR IGNORE INTO customer_merge_arrivals(customer_id, at)"
	"  SELECT customer_id, merged_at FROM customer_merges;";

/*
 * The order-history rule no longer counts from times: a console keeps,
 * with the orders it drew, how many records had been merged into the
 * customer (temas/complaint.h, struct history_look), and a merge, made
 * here or read from a file, changes that number in its own transaction.
 * When each merge took effect here is not needed any more.
 */
static const char m40_drop_merge_arrivals[] =
	"DROP TABLE IF EXISTS customer_merge_arrivals;";

/*
 * A complaint moved to another customer record by any writer (an import
 * that names another customer for it, a merge) was seen with the orders
 * of the record it left: what was recorded as seen for it goes, as a
 * merge already did for the complaints it moved.  The rows are looked up
 * by their key, (agent, complaint).
 */
static const char m41_unsee_moved_complaints[] =
	"CREATE TRIGGER IF NOT EXISTS complaint_moved_unseen"
	" AFTER UPDATE OF customer_id ON complaints"
	" WHEN old.customer_id IS NOT new.customer_id"
	" BEGIN"
	"  DELETE FROM history_seen WHERE agent_id IN (SELECT id FROM agents)"
	"   AND complaint_id = new.id;"
	" END;";

/*
 * Each search index merged into one segment and that segment moved to
 * where no later write merges it again in one go (search_lift.c): on a
 * database built in bulk before, one write in a few hundred rewrote a
 * whole index inside its own transaction.  A rewrite of the three indexes
 * once, on upgrade; a few pages on a new database.
 */
static const char m42_search_lift[] =
	FTS5_OPTIMIZE("search_customer")
	FTS5_OPTIMIZE("search_order")
	FTS5_OPTIMIZE("search_interaction");

/*
 * The changes to each customer's orders and their lines, counted by the
 * transaction that makes them, whoever writes it: an order that comes in,
 * one an import moves to another record or whose status the shop
 * changes, a line added.  A console keeps the count it read before it
 * drew the orders (struct history_look), and a reply is refused once the
 * count has moved, as after a merge: the orders on screen are not all the
 * customer's orders any more.  For the same reason what was recorded as
 * seen for the customer's complaints goes, as a merge's does (looked up by
 * complaint, the index below).  A customer whose orders never changed has
 * no row (0).  The triggers are named as the change counters, which the
 * demo sets aside while it writes a new file's rows: a new file has no
 * complaint seen and every count at 0.
 */
#define ORDER_CHANGED(C) \
	"INSERT INTO order_changes(customer_id, n) SELECT " C ", 1" \
	" WHERE " C " IS NOT NULL" \
	" ON CONFLICT(customer_id) DO UPDATE SET n = n + 1;" \
	"DELETE FROM history_seen WHERE complaint_id IN" \
	" (SELECT id FROM complaints WHERE customer_id = " C ");"
#define ORDER_OF_LINE(ORDER) "(SELECT customer_id FROM orders WHERE id = " ORDER ")"
static const char m43_order_changes[] =
	"CREATE TABLE IF NOT EXISTS order_changes("
	"  customer_id INTEGER PRIMARY KEY,"
	"  n INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX IF NOT EXISTS history_seen_complaint"
	"  ON history_seen(complaint_id);"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_ai"
	" AFTER INSERT ON orders BEGIN " ORDER_CHANGED("new.customer_id") " END;"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_ad"
	" AFTER DELETE ON orders BEGIN " ORDER_CHANGED("old.customer_id") " END;"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_au"
	" AFTER UPDATE ON orders"
	" WHEN old.customer_id IS NOT new.customer_id OR old.number IS NOT new.number"
	"  OR old.status IS NOT new.status OR old.total IS NOT new.total"
	"  OR old.currency IS NOT new.currency OR old.placed_at IS NOT new.placed_at"
	" BEGIN " ORDER_CHANGED("old.customer_id") ORDER_CHANGED("new.customer_id")
	" END;"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_line_ai"
	" AFTER INSERT ON order_lines BEGIN "
	ORDER_CHANGED(ORDER_OF_LINE("new.order_id")) " END;"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_line_ad"
	" AFTER DELETE ON order_lines BEGIN "
	ORDER_CHANGED(ORDER_OF_LINE("old.order_id")) " END;"
	"CREATE TRIGGER IF NOT EXISTS changes_history_order_line_au"
	" AFTER UPDATE ON order_lines"
	" WHEN old.order_id IS NOT new.order_id OR old.sku IS NOT new.sku"
	"  OR old.product IS NOT new.product OR old.qty IS NOT new.qty"
	"  OR old.unit_price IS NOT new.unit_price"
	" BEGIN " ORDER_CHANGED(ORDER_OF_LINE("old.order_id"))
	ORDER_CHANGED(ORDER_OF_LINE("new.order_id")) " END;";

static const char *const migrations[] = {
	m1_core,
	m2_search,
	m3_metrics,
	m4_surveys_period,
	m5_outbox,
	m6_mail_in,
	m7_gateways,
	m8_search_roots,
	m9_draft_attachments,
	m10_calendars,
	m11_sla_pause,
	m12_merge_link,
	m13_escalation,
	m14_changes,
	m15_tags,
	m16_escalation_tag,
	m17_csat,
	m18_macros,
	m19_search_terms,
	m20_snooze,
	m21_summaries,
	m22_assignment,
	m23_views,
	m24_search_prefixes,
	m25_summary_hours,
	m26_summary_hours,
	m27_search_prefixes,
	m28_search_erased,
	m29_order_prefixes,
	m30_summary_open,
	m31_summary_risk,
	m32_tag_names,
	m33_channel_codes,
	m34_resolution_drafts,
	m35_draft_attachment_kinds,
	m36_contact_indexes,
	m37_customer_merges,
	m38_complaint_contacts,
	m39_merge_arrivals,
	m40_drop_merge_arrivals,
	m41_unsee_moved_complaints,
	m42_search_lift,
	m43_order_changes,
};

int store_schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *store_schema_migration(int version)
{
	if (version < 1 || version > store_schema_latest())
		return NULL;
	return migrations[version - 1];
}
