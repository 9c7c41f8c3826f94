-- Orders analytics in Hive, over DynamoDB tables (docs/quick-start.md: "Samples" > "Hive").
--
-- Reads the orders table of the samples through the connector's storage handler, joins it with a small
-- Hive-managed table, groups, and writes the result to a second DynamoDB table.
--
-- Before running:
--   * the jars of emr-dynamodb-hive and emr-dynamodb-hadoop (with the AWS SDK) on Hive's classpath
--     (hive.aux.jars.path, or ADD JAR);
--   * an orders table (e.g. loaded with: ./run-sample.sh --region eu-west-1 --table orders --load);
--   * the result table, with hash key region (S) and range key status (S), e.g.
--       aws dynamodb create-table --table-name orders_by_region_status --billing-mode PAY_PER_REQUEST \
--         --attribute-definitions AttributeName=region,AttributeType=S AttributeName=status,AttributeType=S \
--         --key-schema AttributeName=region,KeyType=HASH AttributeName=status,KeyType=RANGE
--
-- Run:
--   hive --hiveconf dynamodb.region=eu-west-1 \
--        --hivevar orders_table=orders --hivevar result_table=orders_by_region_status \
--        -f samples/hive/orders.hql
-- Connector settings (dynamodb.endpoint, dynamodb.region, dynamodb.throughput.read.percent, ...) can be
-- given per session (--hiveconf or SET) or per table (TBLPROPERTIES); table properties win. For DynamoDB
-- Local, add e.g. --hiveconf dynamodb.endpoint=http://localhost:8000. The test SampleScriptIT (module
-- emr-dynamodb-hive) runs this file unchanged in the same way: session settings plus the two hivevars.

-- The orders: one Hive column per attribute. Nested line items are an array of structs, the tags string
-- set an array of strings.
CREATE EXTERNAL TABLE IF NOT EXISTS ddb_orders (
  order_id     string,
  customer_id  string,
  region       string,
  status       string,
  amount       decimal(12,2),
  created_at   string,
  line_items   array<struct<sku:string, qty:int, unit_price:decimal(10,2)>>,
  tags         array<string>
)
STORED BY 'io.ddbconnector.hive.DynamoDBStorageHandler'
TBLPROPERTIES (
  'dynamodb.table.name' = '${hivevar:orders_table}',
  'dynamodb.type.mapping' = 'tags:SS',
  'dynamodb.throughput.read.percent' = '0.5'
);

-- A dimension table kept in Hive itself.
CREATE TABLE IF NOT EXISTS region_names (region string, name string, currency string);
INSERT OVERWRITE TABLE region_names VALUES
  ('us-east', 'US East', 'USD'),
  ('us-west', 'US West', 'USD'),
  ('eu-west', 'Europe West', 'EUR'),
  ('ap-southeast', 'Asia Pacific Southeast', 'SGD'),
  ('sa-east', 'South America East', 'BRL');

-- The result table in DynamoDB (key: region + status).
CREATE EXTERNAL TABLE IF NOT EXISTS ddb_orders_by_region_status (
  region       string,
  status       string,
  region_name  string,
  orders       bigint,
  amount       decimal(18,2)
)
STORED BY 'io.ddbconnector.hive.DynamoDBStorageHandler'
TBLPROPERTIES (
  'dynamodb.table.name' = '${hivevar:result_table}',
  'dynamodb.throughput.write.percent' = '0.5'
);

-- Join + group-by, written back to DynamoDB.
INSERT INTO TABLE ddb_orders_by_region_status
SELECT o.region, o.status, r.name, count(*), sum(o.amount)
FROM ddb_orders o
JOIN region_names r ON o.region = r.region
GROUP BY o.region, o.status, r.name;

-- Read the result back.
SELECT region_name, status, orders, amount
FROM ddb_orders_by_region_status
ORDER BY region_name, status;

-- Revenue by month (orders not cancelled or returned), straight from DynamoDB.
SELECT substr(created_at, 1, 7) AS month, sum(amount) AS revenue, count(*) AS orders
FROM ddb_orders
WHERE status NOT IN ('CANCELLED', 'RETURNED')
GROUP BY substr(created_at, 1, 7)
ORDER BY month;

-- The nested data: units sold per tag (exploding the string set and the line items).
SELECT tag, sum(li.qty) AS units
FROM ddb_orders
LATERAL VIEW explode(tags) t AS tag
LATERAL VIEW explode(line_items) l AS li
GROUP BY tag
ORDER BY units DESC;
