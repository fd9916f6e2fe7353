-- Run once by the sqlserver-init container of compose/docker-compose.yml (sqlcmd fills $(JAAS_SQL_PASSWORD) from its
-- environment); safe to run again. The hosts need their database to exist and create their own tables in it
-- (README, "SQL Server"): this creates the five databases and the login `jaas` the services connect with.
IF SUSER_ID(N'jaas') IS NULL
    CREATE LOGIN jaas WITH PASSWORD = N'$(JAAS_SQL_PASSWORD)';
ELSE
    ALTER LOGIN jaas WITH PASSWORD = N'$(JAAS_SQL_PASSWORD)';
GO

IF DB_ID(N'jaas_ingress') IS NULL CREATE DATABASE jaas_ingress;
GO
USE jaas_ingress;
IF USER_ID(N'jaas') IS NULL CREATE USER jaas FOR LOGIN jaas;
ALTER ROLE db_owner ADD MEMBER jaas;
GO

IF DB_ID(N'jaas_attendance') IS NULL CREATE DATABASE jaas_attendance;
GO
USE jaas_attendance;
IF USER_ID(N'jaas') IS NULL CREATE USER jaas FOR LOGIN jaas;
ALTER ROLE db_owner ADD MEMBER jaas;
GO

IF DB_ID(N'jaas_media_artifacts') IS NULL CREATE DATABASE jaas_media_artifacts;
GO
USE jaas_media_artifacts;
IF USER_ID(N'jaas') IS NULL CREATE USER jaas FOR LOGIN jaas;
ALTER ROLE db_owner ADD MEMBER jaas;
GO

IF DB_ID(N'jaas_transcription') IS NULL CREATE DATABASE jaas_transcription;
GO
USE jaas_transcription;
IF USER_ID(N'jaas') IS NULL CREATE USER jaas FOR LOGIN jaas;
ALTER ROLE db_owner ADD MEMBER jaas;
GO

IF DB_ID(N'jaas_analytics') IS NULL CREATE DATABASE jaas_analytics;
GO
USE jaas_analytics;
IF USER_ID(N'jaas') IS NULL CREATE USER jaas FOR LOGIN jaas;
ALTER ROLE db_owner ADD MEMBER jaas;
GO
