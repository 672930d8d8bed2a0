//! API tests: every test runs on a fresh SQLite database and, with the same
//! body, on a fresh PostgreSQL database (see `helpers::backend_tests!`).

mod helpers;

mod assets;
mod auth;
mod authoring;
mod authoring_ora;
mod authz;
mod capa;
mod cli;
mod courses;
mod courseware;
mod demo;
mod discussions;
mod errors;
mod health;
mod live_bus;
mod mail;
mod me;
mod openapi;
mod ora;
mod store_accounts;
mod store_content;
mod store_enrollments;
mod store_forum;
mod store_jobs;
mod store_ora;
