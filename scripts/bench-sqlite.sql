-- bench-sqlite.sql - the pl-progress default computation in sqlite3; the
-- evidence is imported into table e first (.import).  Per student x
-- objective: scores ordered by date, the decaying average (0.65 on the
-- newest), count, last date, level.
WITH s AS (
  SELECT student_id, objective_id, date, score * 1.0 / max_score AS v,
    row_number() OVER (PARTITION BY student_id, objective_id
      ORDER BY date) AS k,
    count(*) OVER (PARTITION BY student_id, objective_id) AS n
  FROM e),
p AS (
  SELECT student_id, objective_id, count(*) AS c, max(date) AS last_date,
    sum(v * CASE WHEN k = 1 THEN pow(0.35, n - 1)
      ELSE 0.65 * pow(0.35, n - k) END) AS score
  FROM s GROUP BY student_id, objective_id)
SELECT student_id, objective_id, c, last_date, score,
  CASE WHEN score < 0.5 THEN 'beginning' WHEN score < 0.75 THEN 'developing'
    WHEN score < 0.9 THEN 'proficient' ELSE 'advanced' END
FROM p ORDER BY student_id, objective_id;
