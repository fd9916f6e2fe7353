-- Idempotency keys compare byte for byte, as JaaS sends them: under the default case-insensitive collation the
-- facts of `k` and `K` would collide on the primary key and one of them would be lost.
ALTER TABLE dbo.attendance_facts DROP CONSTRAINT pk_attendance_facts;
GO
ALTER TABLE dbo.attendance_facts ALTER COLUMN idempotency_key NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.attendance_facts ADD CONSTRAINT pk_attendance_facts PRIMARY KEY (idempotency_key);
