// bench-duckdb.js FILE - the pl-progress default computation in DuckDB
// (2 threads): per student x objective, scores ordered by date, the
// decaying average (weight 0.65 on the newest), count, last date, level.
// Run with NODE_PATH pointing at a folder holding @duckdb/node-api.
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
	const file = process.argv[2];
	const db = await DuckDBInstance.create(':memory:', { threads: '2' });
	const con = await db.connect();
	const out = process.argv[3] || '/dev/null';
	await con.run(`
COPY (
  WITH s AS (
    SELECT student_id, objective_id, date, score / max_score AS v,
      row_number() OVER (PARTITION BY student_id, objective_id
        ORDER BY date) AS k,
      count(*) OVER (PARTITION BY student_id, objective_id) AS n
    FROM read_csv('${file}', header = true, columns = {
      'student_id': 'VARCHAR', 'objective_id': 'VARCHAR', 'date': 'DATE',
      'score': 'DOUBLE', 'max_score': 'DOUBLE'}))
  SELECT student_id, objective_id, count(*) AS evidence_count,
    max(date) AS last_date,
    sum(v * CASE WHEN k = 1 THEN pow(0.35, n - 1)
      ELSE 0.65 * pow(0.35, n - k) END) AS score,
    CASE WHEN score < 0.5 THEN 'beginning' WHEN score < 0.75 THEN
      'developing' WHEN score < 0.9 THEN 'proficient' ELSE 'advanced' END
      AS level
  FROM s GROUP BY student_id, objective_id
  ORDER BY student_id, objective_id
) TO '${out}' (HEADER, DELIMITER ',')`);
}
main().catch((e) => { console.error(e.message); process.exit(1); });
