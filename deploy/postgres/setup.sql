-- A database and role for the Sentinel's state store. The Sentinel creates and migrates its own tables on start.
CREATE ROLE casparian LOGIN PASSWORD 'CHANGE-ME';
CREATE DATABASE casparian OWNER casparian;
