-- ui_fixture.sql: a few hand-made rows on top of a demo database for the
-- console tests: the two most urgent complaints, a customer with orders,
-- lines, messages and a survey, and a hostile customer whose name and
-- message carry terminal escape sequences, C1 controls, a bidi override
-- and invalid UTF-8.  Times are around 1700000000 (the pinned clock).
INSERT INTO agents(id, login, name, created_at) VALUES (900001, 'zehra', 'Zehra Kılıç', 0);
INSERT INTO customers(id, first_name, last_name, email, phone, city, tier, created_at) VALUES
 (900001, 'Zeynep', 'Kayaoğlu', 'zeynep.kaya@example.com', '+90 532 111 22 33', 'İzmir', 'gold', 1600000000),
 (900002, 'Evil' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(27) || '[31m' || 'Mallory',
  'Ev' || char(155) || '1;31m' || 'il' || char(8238) || 'dnaH' || CAST(X'FFFE' AS TEXT) || 'Z',
  NULL, NULL, NULL, 'standard', 1600000000),
 (900003, 'Ali', 'Öztürkmen', NULL, '0212 555 66 77', 'Ankara', 'silver', 1650000000);
INSERT INTO orders(id, customer_id, number, status, total, currency, placed_at) VALUES
 (900001, 900001, 'FX-1001', 'delivered', 125000, 'TRY', 1690000000),
 (900002, 900001, 'FX-1002', 'shipped', 4550, 'TRY', 1695000000),
 (900003, 900001, 'FX-1003', 'cancelled', 9900, 'TRY', 1699000000),
 (900004, 900003, 'FX-2001', 'placed', 31000, 'TRY', 1698000000),
 (900005, 900003, 'FX-2002', 'delivered', 7000, 'TRY', 1697000000);
INSERT INTO order_lines(order_id, sku, product, qty, unit_price) VALUES
 (900001, 'TV-55', 'Televizyon 55 inç', 1, 120000),
 (900001, 'KBL-2', 'HDMI kablosu', 2, 2500),
 (900004, 'ÇAY-1', 'Çaydanlık', 1, 31000);
INSERT INTO complaints(id, customer_id, order_id, channel, priority, subject, status,
  assignee_id, opened_at, first_response_due, resolution_due) VALUES
 (900001, 900001, 900002, 'email', 'high', 'Kargo gecikti', 'open', NULL,
  1697000000, 1700000000 - 30*86400, 1700000000 + 86400),
 (900002, 900003, 900004, 'phone', 'normal', 'Fatura yanlış', 'open', NULL,
  1697000000, 1700000000 - 29*86400, 1700000000 + 86400),
 (900003, 900002, NULL, 'web', 'low',
  'Hostile' || char(27) || ']0;pwned' || char(7) || ' subject', 'open', NULL,
  1697000000, 1700000000 + 300*86400, 1700000000 + 400*86400);
INSERT INTO interactions(customer_id, complaint_id, channel, direction, agent_id, at, subject, body) VALUES
 (900001, 900001, 'email', 'in', NULL, 1699000000, 'Kargom nerede', 'Siparişim FX-1002 hâlâ gelmedi.'),
 (900001, 900001, 'email', 'out', 900001, 1699100000, 'Re: Kargom nerede', 'Kargo firmasıyla görüştük.'),
 (900001, NULL, 'phone', 'in', NULL, 1698000000, 'Arama', 'Müşteri telefonla aradı.'),
 (900002, 900003, 'web', 'in', NULL, 1699500000, 'Form',
  'VISIBLE-BODY ' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' || char(155) || '2J'
  || char(8238) || 'desrever' || CAST(X'C0AF' AS TEXT) || ' END-BODY');
INSERT INTO surveys(customer_id, channel, kind, score, comment, at) VALUES
 (900001, 'email', 'nps', 3, 'Çok yavaş', 1699200000);
