-- first_screen.sql: the reads of the console's first screen at 120x40,
-- done by the sqlite3 shell, as the floor the console's first-screen time
-- is compared with.  The statements are those of the store (queue, the
-- selected complaint's customer header, the first page of orders and of
-- the timeline) with the page sizes the panes ask for at that size.
-- Parameters given on the command line (-cmd ".parameter set @me 3"):
-- @login and @me the user's login and agent id, @cust the customer of the
-- first queued complaint; set here: @now the clock, @recent the start of
-- the recent window.
.parameter set @now "CAST(strftime('%s','now') AS INTEGER)"
.parameter set @recent "CAST(strftime('%s','now') AS INTEGER) - 90*86400"
.output /dev/null

-- The agent, as the console looks itself up.
SELECT id, login, name, role, active, created_at FROM agents WHERE login = @login;

-- Queue: the count line, the total, the first page.
SELECT (SELECT count(*) FROM complaints WHERE is_open),
 (SELECT count(*) FROM complaints WHERE is_open AND assignee_id=@me),
 (SELECT count(*) FROM complaints WHERE is_open AND assignee_id IS NULL),
 (SELECT count(*) FROM complaints WHERE is_open AND due_at<@now);
SELECT count(*) FROM complaints WHERE is_open AND (NULL IS NULL OR channel=NULL);
WITH page(id) AS (SELECT id FROM complaints WHERE is_open
  AND (NULL IS NULL OR channel=NULL) ORDER BY due_at, id LIMIT 35 OFFSET 0)
SELECT c.id, c.customer_id, coalesce(c.order_id,0), c.channel,
 c.priority, c.category, c.subject, c.status,
 coalesce(c.assignee_id,0), coalesce(a.login,''),
 cu.first_name || ' ' || cu.last_name, c.opened_at,
 c.first_response_due, c.resolution_due, c.due_at,
 coalesce(c.first_response_at,0), coalesce(c.resolved_at,0),
 coalesce(c.closed_at,0),
 (SELECT group_concat(pa.login, ',') FROM presence p
   JOIN agents pa ON pa.id=p.agent_id
   WHERE p.complaint_id=c.id AND p.agent_id<>@me
   AND p.heartbeat_at>=@now-120)
 FROM page JOIN complaints c ON c.id=page.id
 JOIN customers cu ON cu.id=c.customer_id
 LEFT JOIN agents a ON a.id=c.assignee_id
 ORDER BY c.due_at, c.id;

-- Customer header.
SELECT id, coalesce(ext_id,''), first_name, last_name,
 coalesce(email,''), coalesce(phone,''), coalesce(city,''), tier, lang,
 created_at, acquisition_cost, coalesce(erased_at,0)
 FROM customers WHERE id=@cust;
SELECT
 (SELECT coalesce(sum(total),0) FROM orders WHERE customer_id=@cust
   AND status<>'cancelled'),
 (SELECT currency FROM orders WHERE customer_id=@cust
   ORDER BY placed_at DESC, id DESC LIMIT 1),
 (SELECT count(*) FROM orders WHERE customer_id=@cust),
 (SELECT max(placed_at) FROM orders WHERE customer_id=@cust),
 (SELECT score FROM surveys WHERE customer_id=@cust AND kind='nps'
   ORDER BY at DESC, id DESC LIMIT 1),
 (SELECT count(*) FROM complaints WHERE customer_id=@cust
   AND opened_at>=@recent),
 (SELECT count(*) FROM surveys WHERE customer_id=@cust AND kind='nps'
   AND score<=6 AND at>=@recent);

-- Orders: count and first page.
SELECT count(*) FROM orders WHERE customer_id=@cust;
SELECT id, customer_id, number, status, total, currency, placed_at
 FROM orders WHERE customer_id=@cust
 ORDER BY placed_at DESC, id DESC LIMIT 10 OFFSET 0;

-- Timeline: count and first page.
SELECT (SELECT count(*) FROM interactions WHERE customer_id=@cust)
 + (SELECT count(*) FROM orders WHERE customer_id=@cust)
 + (SELECT count(*) FROM surveys WHERE customer_id=@cust)
 + (SELECT count(*) FROM complaints WHERE customer_id=@cust)
 + (SELECT count(*) FROM complaints WHERE customer_id=@cust
    AND resolved_at IS NOT NULL);
SELECT * FROM (
 SELECT 0 AS kind, i.at AS at, i.id AS ref, i.channel, i.direction,
  coalesce(ag.login,''), coalesce(i.subject,''), '', 0, '', i.body
  FROM interactions i LEFT JOIN agents ag ON ag.id=i.agent_id
  WHERE i.customer_id=@cust
 UNION ALL SELECT 1, placed_at, id, '', '', '', number, status, total,
  currency, '' FROM orders WHERE customer_id=@cust
 UNION ALL SELECT 2, at, id, coalesce(channel,''), '', '', kind, '',
  score, '', coalesce(comment,'') FROM surveys WHERE customer_id=@cust
 UNION ALL SELECT 3, opened_at, id, channel, '', '', subject, priority,
  0, '', '' FROM complaints WHERE customer_id=@cust
 UNION ALL SELECT 4, resolved_at, id, channel, '', '', subject, status,
  0, '', coalesce(resolution,'') FROM complaints
  WHERE customer_id=@cust AND resolved_at IS NOT NULL)
 ORDER BY at DESC, kind DESC, ref DESC LIMIT 7 OFFSET 0;
