-- sqlite.sql: aggregates and a join over the rows sqlite-rows.awk made.
.headers on
.mode list
SELECT count(*), sum(qty), round(sum(qty * price), 2), round(avg(price), 6),
       min(price), max(price) FROM orders;
SELECT item, count(*) AS n, sum(qty) AS units, round(avg(price), 4) AS avg_price,
       round(total(qty * price), 2) AS revenue
  FROM orders GROUP BY item ORDER BY revenue DESC;
SELECT substr(day, 1, 7) AS month, count(*), round(sum(qty * price) / count(*), 3)
  FROM orders GROUP BY month HAVING count(*) > 800 ORDER BY month;
SELECT c.city, count(DISTINCT c.id) AS customers, count(o.id) AS orders,
       round(sum(o.qty * o.price), 2) AS revenue
  FROM customer c JOIN orders o ON o.customer = c.id
  GROUP BY c.city ORDER BY revenue DESC, c.city;
SELECT c.name, count(*) AS n, group_concat(DISTINCT o.item) AS items
  FROM customer c JOIN orders o ON o.customer = c.id
  WHERE o.qty > 12 GROUP BY c.id ORDER BY n DESC, c.name LIMIT 8;
CREATE INDEX orders_item ON orders (item, price);
SELECT item, price, id FROM orders WHERE item = 'gear' AND price > 490 ORDER BY price, id;
SELECT printf('%.3f %e %d', sum(price) / 7.0, max(price) * 1e10, sum(id)) FROM orders;
UPDATE orders SET price = price * 1.1 WHERE qty = 1;
DELETE FROM orders WHERE item = 'cam' AND qty < 5;
SELECT count(*), round(sum(price), 4) FROM orders;
PRAGMA integrity_check;
