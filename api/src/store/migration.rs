//! The relational schema, as sea-orm migrations applied by `lyceum migrate`
//! and at `serve` start. Migrations are append-only: never edit a landed one.

use sea_orm_migration::prelude::*;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts::Migration),
            Box::new(m20261126_000002_content::Migration),
            Box::new(m20261126_000003_jobs::Migration),
            Box::new(m20261126_000004_enrollments::Migration),
            Box::new(m20261126_000005_learner::Migration),
            Box::new(m20261126_000006_forum::Migration),
            Box::new(m20261126_000007_preferences::Migration),
            Box::new(m20261126_000008_ora::Migration),
            Box::new(m20261126_000009_list_indexes::Migration),
        ]
    }
}

/// Column and index shapes the later migrations share (the schema they
/// produce is exactly what each migration wrote when it landed).
mod columns {
    use sea_orm_migration::prelude::*;

    /// A big-integer auto-increment primary key.
    pub fn id<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .big_integer()
            .not_null()
            .auto_increment()
            .primary_key()
            .to_owned()
    }

    pub fn at<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    }

    pub fn maybe_at<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .timestamp_with_time_zone()
            .null()
            .to_owned()
    }

    pub async fn index(
        manager: &SchemaManager<'_>,
        name: &str,
        table: impl IntoIden + 'static,
        cols: Vec<DynIden>,
        unique: bool,
    ) -> Result<(), DbErr> {
        let mut index = Index::create();
        index.name(name).table(table);
        if unique {
            index.unique();
        }
        for col in cols {
            index.col(col);
        }
        manager.create_index(index.to_owned()).await
    }
}

mod m20261126_000001_accounts {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000001_accounts"
        }
    }

    #[derive(DeriveIden)]
    enum Users {
        Table,
        Id,
        Username,
        UsernameKey,
        Email,
        Name,
        PasswordHash,
        EmailVerified,
        IsStaff,
        IsSuperuser,
        IsActive,
        DateJoined,
    }

    #[derive(DeriveIden)]
    enum AuthTokens {
        Table,
        Id,
        UserId,
        Kind,
        Name,
        TokenHash,
        Prefix,
        CreatedAt,
        LastUsedAt,
        ExpiresAt,
    }

    #[derive(DeriveIden)]
    enum OneTimeTokens {
        Table,
        Id,
        UserId,
        Purpose,
        TokenHash,
        CreatedAt,
        ExpiresAt,
        UsedAt,
    }

    #[derive(DeriveIden)]
    enum LoginFailures {
        Table,
        Id,
        ThrottleKey,
        FailedAt,
    }

    #[derive(DeriveIden)]
    enum CourseRoles {
        Table,
        Id,
        UserId,
        CourseKey,
        Role,
        CreatedAt,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(Users::Table)
                        .col(
                            ColumnDef::new(Users::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Users::Username).string_len(30).not_null())
                        .col(
                            ColumnDef::new(Users::UsernameKey)
                                .string_len(30)
                                .not_null()
                                .unique_key(),
                        )
                        .col(
                            ColumnDef::new(Users::Email)
                                .string_len(254)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(Users::Name).string_len(255).not_null())
                        .col(ColumnDef::new(Users::PasswordHash).string().not_null())
                        .col(
                            ColumnDef::new(Users::EmailVerified)
                                .boolean()
                                .not_null()
                                .default(false),
                        )
                        .col(
                            ColumnDef::new(Users::IsStaff)
                                .boolean()
                                .not_null()
                                .default(false),
                        )
                        .col(
                            ColumnDef::new(Users::IsSuperuser)
                                .boolean()
                                .not_null()
                                .default(false),
                        )
                        .col(
                            ColumnDef::new(Users::IsActive)
                                .boolean()
                                .not_null()
                                .default(true),
                        )
                        .col(
                            ColumnDef::new(Users::DateJoined)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;

            manager
                .create_table(
                    Table::create()
                        .table(AuthTokens::Table)
                        .col(
                            ColumnDef::new(AuthTokens::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(AuthTokens::UserId).big_integer().not_null())
                        .col(ColumnDef::new(AuthTokens::Kind).string_len(16).not_null())
                        .col(ColumnDef::new(AuthTokens::Name).string_len(100).not_null())
                        .col(
                            ColumnDef::new(AuthTokens::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(ColumnDef::new(AuthTokens::Prefix).string_len(16).not_null())
                        .col(
                            ColumnDef::new(AuthTokens::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(AuthTokens::LastUsedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(AuthTokens::ExpiresAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .from(AuthTokens::Table, AuthTokens::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_auth_tokens_user_kind")
                        .table(AuthTokens::Table)
                        .col(AuthTokens::UserId)
                        .col(AuthTokens::Kind)
                        .to_owned(),
                )
                .await?;

            manager
                .create_table(
                    Table::create()
                        .table(OneTimeTokens::Table)
                        .col(
                            ColumnDef::new(OneTimeTokens::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::Purpose)
                                .string_len(32)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::TokenHash)
                                .string_len(64)
                                .not_null()
                                .unique_key(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::ExpiresAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(OneTimeTokens::UsedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;

            manager
                .create_table(
                    Table::create()
                        .table(LoginFailures::Table)
                        .col(
                            ColumnDef::new(LoginFailures::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(LoginFailures::ThrottleKey)
                                .string_len(300)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(LoginFailures::FailedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_login_failures_key_time")
                        .table(LoginFailures::Table)
                        .col(LoginFailures::ThrottleKey)
                        .col(LoginFailures::FailedAt)
                        .to_owned(),
                )
                .await?;

            manager
                .create_table(
                    Table::create()
                        .table(CourseRoles::Table)
                        .col(
                            ColumnDef::new(CourseRoles::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(CourseRoles::UserId).big_integer().not_null())
                        .col(
                            ColumnDef::new(CourseRoles::CourseKey)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(ColumnDef::new(CourseRoles::Role).string_len(32).not_null())
                        .col(
                            ColumnDef::new(CourseRoles::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .from(CourseRoles::Table, CourseRoles::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_course_roles_unique")
                        .table(CourseRoles::Table)
                        .col(CourseRoles::UserId)
                        .col(CourseRoles::CourseKey)
                        .col(CourseRoles::Role)
                        .unique()
                        .to_owned(),
                )
                .await?;
            Ok(())
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for table in [
                CourseRoles::Table.into_iden(),
                LoginFailures::Table.into_iden(),
                OneTimeTokens::Table.into_iden(),
                AuthTokens::Table.into_iden(),
                Users::Table.into_iden(),
            ] {
                manager
                    .drop_table(Table::drop().table(table).to_owned())
                    .await?;
            }
            Ok(())
        }
    }
}

mod m20261126_000002_content {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000002_content"
        }
    }

    #[derive(DeriveIden)]
    enum ContentCourses {
        Table,
        CourseKey,
        DraftVersion,
        PublishedVersion,
        CreatedAt,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum ContentVersions {
        Table,
        Id,
        CourseKey,
        Branch,
        Parent,
        AuthorId,
        Message,
        CreatedAt,
        Structure,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(ContentCourses::Table)
                        .col(
                            ColumnDef::new(ContentCourses::CourseKey)
                                .string_len(255)
                                .not_null()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(ContentCourses::DraftVersion)
                                .string_len(32)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ContentCourses::PublishedVersion)
                                .string_len(32)
                                .null(),
                        )
                        .col(
                            ColumnDef::new(ContentCourses::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ContentCourses::UpdatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_table(
                    Table::create()
                        .table(ContentVersions::Table)
                        .col(
                            ColumnDef::new(ContentVersions::Id)
                                .string_len(32)
                                .not_null()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(ContentVersions::CourseKey)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ContentVersions::Branch)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ContentVersions::Parent)
                                .string_len(32)
                                .null(),
                        )
                        .col(
                            ColumnDef::new(ContentVersions::AuthorId)
                                .big_integer()
                                .null(),
                        )
                        .col(ColumnDef::new(ContentVersions::Message).text().not_null())
                        .col(
                            ColumnDef::new(ContentVersions::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(ColumnDef::new(ContentVersions::Structure).text().not_null())
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_content_versions_history")
                        .table(ContentVersions::Table)
                        .col(ContentVersions::CourseKey)
                        .col(ContentVersions::Branch)
                        .col(ContentVersions::CreatedAt)
                        .to_owned(),
                )
                .await?;
            Ok(())
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .drop_table(Table::drop().table(ContentVersions::Table).to_owned())
                .await?;
            manager
                .drop_table(Table::drop().table(ContentCourses::Table).to_owned())
                .await
        }
    }
}

mod m20261126_000003_jobs {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000003_jobs"
        }
    }

    #[derive(DeriveIden)]
    enum Jobs {
        Table,
        Id,
        Kind,
        CourseKey,
        CreatedBy,
        Payload,
        Status,
        Done,
        Total,
        Message,
        Result,
        Error,
        Attempts,
        MaxAttempts,
        RunAt,
        LeaseUntil,
        CreatedAt,
        UpdatedAt,
        FinishedAt,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(Jobs::Table)
                        .col(
                            ColumnDef::new(Jobs::Id)
                                .string_len(32)
                                .not_null()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Jobs::Kind).string_len(64).not_null())
                        .col(ColumnDef::new(Jobs::CourseKey).string_len(255).null())
                        .col(ColumnDef::new(Jobs::CreatedBy).big_integer().null())
                        .col(ColumnDef::new(Jobs::Payload).text().not_null())
                        .col(ColumnDef::new(Jobs::Status).string_len(16).not_null())
                        .col(ColumnDef::new(Jobs::Done).big_integer().not_null())
                        .col(ColumnDef::new(Jobs::Total).big_integer().not_null())
                        .col(ColumnDef::new(Jobs::Message).string_len(1024).not_null())
                        .col(ColumnDef::new(Jobs::Result).text().null())
                        .col(ColumnDef::new(Jobs::Error).text().null())
                        .col(ColumnDef::new(Jobs::Attempts).integer().not_null())
                        .col(ColumnDef::new(Jobs::MaxAttempts).integer().not_null())
                        .col(
                            ColumnDef::new(Jobs::RunAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Jobs::LeaseUntil)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(Jobs::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Jobs::UpdatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Jobs::FinishedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("jobs_runnable")
                        .table(Jobs::Table)
                        .col(Jobs::Status)
                        .col(Jobs::RunAt)
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("jobs_course")
                        .table(Jobs::Table)
                        .col(Jobs::CourseKey)
                        .col(Jobs::CreatedAt)
                        .to_owned(),
                )
                .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .drop_table(Table::drop().table(Jobs::Table).to_owned())
                .await
        }
    }
}

mod m20261126_000004_enrollments {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000004_enrollments"
        }
    }

    #[derive(DeriveIden)]
    enum Enrollments {
        Table,
        Id,
        UserId,
        CourseKey,
        Mode,
        IsActive,
        Seat,
        CreatedAt,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum EnrollmentHistory {
        Table,
        Id,
        UserId,
        CourseKey,
        Mode,
        IsActive,
        ActorId,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum EnrollmentCounts {
        Table,
        CourseKey,
        Active,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(Enrollments::Table)
                        .col(
                            ColumnDef::new(Enrollments::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(ColumnDef::new(Enrollments::UserId).big_integer().not_null())
                        .col(
                            ColumnDef::new(Enrollments::CourseKey)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(ColumnDef::new(Enrollments::Mode).string_len(32).not_null())
                        .col(ColumnDef::new(Enrollments::IsActive).boolean().not_null())
                        .col(ColumnDef::new(Enrollments::Seat).boolean().not_null())
                        .col(
                            ColumnDef::new(Enrollments::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(Enrollments::UpdatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("enrollments_user_course")
                        .table(Enrollments::Table)
                        .col(Enrollments::UserId)
                        .col(Enrollments::CourseKey)
                        .unique()
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("enrollments_course")
                        .table(Enrollments::Table)
                        .col(Enrollments::CourseKey)
                        .col(Enrollments::IsActive)
                        .to_owned(),
                )
                .await?;
            manager
                .create_table(
                    Table::create()
                        .table(EnrollmentHistory::Table)
                        .col(
                            ColumnDef::new(EnrollmentHistory::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::CourseKey)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::Mode)
                                .string_len(32)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::IsActive)
                                .boolean()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::ActorId)
                                .big_integer()
                                .null(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentHistory::CreatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("enrollment_history_user_course")
                        .table(EnrollmentHistory::Table)
                        .col(EnrollmentHistory::UserId)
                        .col(EnrollmentHistory::CourseKey)
                        .to_owned(),
                )
                .await?;
            manager
                .create_table(
                    Table::create()
                        .table(EnrollmentCounts::Table)
                        .col(
                            ColumnDef::new(EnrollmentCounts::CourseKey)
                                .string_len(255)
                                .not_null()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(EnrollmentCounts::Active)
                                .big_integer()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for table in [
                Enrollments::Table.into_iden(),
                EnrollmentHistory::Table.into_iden(),
                EnrollmentCounts::Table.into_iden(),
            ] {
                manager
                    .drop_table(Table::drop().table(table).to_owned())
                    .await?;
            }
            Ok(())
        }
    }
}

mod m20261126_000005_learner {
    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000005_learner"
        }
    }

    #[derive(DeriveIden)]
    enum LearnerCompletions {
        Table,
        Id,
        UserId,
        CourseKey,
        BlockKey,
        Completion,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum LearnerVisits {
        Table,
        Id,
        UserId,
        CourseKey,
        BlockKey,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum ProblemStates {
        Table,
        Id,
        UserId,
        CourseKey,
        BlockKey,
        Answers,
        Feedback,
        Earned,
        Possible,
        Attempts,
        Seed,
        LastSubmittedAt,
        CreatedAt,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum ProblemAttempts {
        Table,
        Id,
        UserId,
        CourseKey,
        BlockKey,
        Attempt,
        Answers,
        Correctness,
        Earned,
        Possible,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum SubsectionGrades {
        Table,
        Id,
        UserId,
        CourseKey,
        BlockKey,
        Earned,
        Possible,
        UpdatedAt,
    }

    fn id<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .big_integer()
            .not_null()
            .auto_increment()
            .primary_key()
            .to_owned()
    }

    fn key<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).string_len(512).not_null().to_owned()
    }

    fn at<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    }

    async fn unique(
        manager: &SchemaManager<'_>,
        name: &str,
        table: impl IntoIden + 'static,
        cols: Vec<DynIden>,
    ) -> Result<(), DbErr> {
        let mut index = Index::create();
        index.name(name).table(table).unique();
        for col in cols {
            index.col(col);
        }
        manager.create_index(index.to_owned()).await
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(LearnerCompletions::Table)
                        .col(id(LearnerCompletions::Id))
                        .col(
                            ColumnDef::new(LearnerCompletions::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(key(LearnerCompletions::CourseKey))
                        .col(key(LearnerCompletions::BlockKey))
                        .col(
                            ColumnDef::new(LearnerCompletions::Completion)
                                .double()
                                .not_null(),
                        )
                        .col(at(LearnerCompletions::UpdatedAt))
                        .to_owned(),
                )
                .await?;
            unique(
                manager,
                "learner_completions_user_block",
                LearnerCompletions::Table,
                vec![
                    LearnerCompletions::UserId.into_iden(),
                    LearnerCompletions::CourseKey.into_iden(),
                    LearnerCompletions::BlockKey.into_iden(),
                ],
            )
            .await?;
            manager
                .create_table(
                    Table::create()
                        .table(LearnerVisits::Table)
                        .col(id(LearnerVisits::Id))
                        .col(
                            ColumnDef::new(LearnerVisits::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(key(LearnerVisits::CourseKey))
                        .col(key(LearnerVisits::BlockKey))
                        .col(at(LearnerVisits::UpdatedAt))
                        .to_owned(),
                )
                .await?;
            unique(
                manager,
                "learner_visits_user_course",
                LearnerVisits::Table,
                vec![
                    LearnerVisits::UserId.into_iden(),
                    LearnerVisits::CourseKey.into_iden(),
                ],
            )
            .await?;
            manager
                .create_table(
                    Table::create()
                        .table(ProblemStates::Table)
                        .col(id(ProblemStates::Id))
                        .col(
                            ColumnDef::new(ProblemStates::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(key(ProblemStates::CourseKey))
                        .col(key(ProblemStates::BlockKey))
                        .col(ColumnDef::new(ProblemStates::Answers).text().not_null())
                        .col(ColumnDef::new(ProblemStates::Feedback).text().not_null())
                        .col(ColumnDef::new(ProblemStates::Earned).double().null())
                        .col(ColumnDef::new(ProblemStates::Possible).double().not_null())
                        .col(ColumnDef::new(ProblemStates::Attempts).integer().not_null())
                        .col(ColumnDef::new(ProblemStates::Seed).big_integer().not_null())
                        .col(
                            ColumnDef::new(ProblemStates::LastSubmittedAt)
                                .timestamp_with_time_zone()
                                .null(),
                        )
                        .col(at(ProblemStates::CreatedAt))
                        .col(at(ProblemStates::UpdatedAt))
                        .to_owned(),
                )
                .await?;
            unique(
                manager,
                "problem_states_user_block",
                ProblemStates::Table,
                vec![
                    ProblemStates::UserId.into_iden(),
                    ProblemStates::CourseKey.into_iden(),
                    ProblemStates::BlockKey.into_iden(),
                ],
            )
            .await?;
            manager
                .create_table(
                    Table::create()
                        .table(ProblemAttempts::Table)
                        .col(id(ProblemAttempts::Id))
                        .col(
                            ColumnDef::new(ProblemAttempts::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(key(ProblemAttempts::CourseKey))
                        .col(key(ProblemAttempts::BlockKey))
                        .col(
                            ColumnDef::new(ProblemAttempts::Attempt)
                                .integer()
                                .not_null(),
                        )
                        .col(ColumnDef::new(ProblemAttempts::Answers).text().not_null())
                        .col(
                            ColumnDef::new(ProblemAttempts::Correctness)
                                .string_len(32)
                                .not_null(),
                        )
                        .col(ColumnDef::new(ProblemAttempts::Earned).double().not_null())
                        .col(
                            ColumnDef::new(ProblemAttempts::Possible)
                                .double()
                                .not_null(),
                        )
                        .col(at(ProblemAttempts::CreatedAt))
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("problem_attempts_user_block")
                        .table(ProblemAttempts::Table)
                        .col(ProblemAttempts::UserId)
                        .col(ProblemAttempts::CourseKey)
                        .col(ProblemAttempts::BlockKey)
                        .to_owned(),
                )
                .await?;
            manager
                .create_table(
                    Table::create()
                        .table(SubsectionGrades::Table)
                        .col(id(SubsectionGrades::Id))
                        .col(
                            ColumnDef::new(SubsectionGrades::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(key(SubsectionGrades::CourseKey))
                        .col(key(SubsectionGrades::BlockKey))
                        .col(ColumnDef::new(SubsectionGrades::Earned).double().not_null())
                        .col(
                            ColumnDef::new(SubsectionGrades::Possible)
                                .double()
                                .not_null(),
                        )
                        .col(at(SubsectionGrades::UpdatedAt))
                        .to_owned(),
                )
                .await?;
            unique(
                manager,
                "subsection_grades_user_block",
                SubsectionGrades::Table,
                vec![
                    SubsectionGrades::UserId.into_iden(),
                    SubsectionGrades::CourseKey.into_iden(),
                    SubsectionGrades::BlockKey.into_iden(),
                ],
            )
            .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for table in [
                LearnerCompletions::Table.into_iden(),
                LearnerVisits::Table.into_iden(),
                ProblemStates::Table.into_iden(),
                ProblemAttempts::Table.into_iden(),
                SubsectionGrades::Table.into_iden(),
            ] {
                manager
                    .drop_table(Table::drop().table(table).to_owned())
                    .await?;
            }
            Ok(())
        }
    }
}

mod m20261126_000006_forum {
    //! The course forum: threads, their responses and comments (one table,
    //! a response has no parent), votes, abuse flags, follows, read state
    //! and edit history. Votes, flags and edits name their post by kind
    //! (`thread` or `comment`) and id, so they carry no foreign key.

    use sea_orm_migration::prelude::*;

    use super::columns::{at, id, index, maybe_at};

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000006_forum"
        }
    }

    #[derive(DeriveIden)]
    enum ForumThreads {
        Table,
        Id,
        CourseKey,
        TopicId,
        ThreadType,
        Title,
        Body,
        AuthorId,
        Anonymous,
        AnonymousToPeers,
        Pinned,
        Closed,
        CloseReason,
        ClosedBy,
        DeletedAt,
        DeletedBy,
        CreatedAt,
        UpdatedAt,
        LastActivityAt,
        CommentCount,
        VoteCount,
        FlagCount,
    }

    #[derive(DeriveIden)]
    enum ForumComments {
        Table,
        Id,
        ThreadId,
        CourseKey,
        ParentId,
        Body,
        AuthorId,
        Anonymous,
        AnonymousToPeers,
        Endorsed,
        EndorsedBy,
        EndorsedAt,
        DeletedAt,
        DeletedBy,
        CreatedAt,
        UpdatedAt,
        VoteCount,
        FlagCount,
        ChildCount,
    }

    /// `forum_votes` and `forum_flags` share this shape.
    #[derive(DeriveIden)]
    enum PostMark {
        Id,
        PostKind,
        PostId,
        UserId,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum ForumVotes {
        Table,
    }

    #[derive(DeriveIden)]
    enum ForumFlags {
        Table,
    }

    #[derive(DeriveIden)]
    enum ForumFollows {
        Table,
        Id,
        ThreadId,
        UserId,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum ForumReads {
        Table,
        Id,
        ThreadId,
        UserId,
        LastReadAt,
        ReadCommentCount,
    }

    #[derive(DeriveIden)]
    enum ForumEdits {
        Table,
        Id,
        PostKind,
        PostId,
        PreviousTitle,
        PreviousBody,
        EditorId,
        Reason,
        EditedAt,
    }

    fn user<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).big_integer().not_null().to_owned()
    }

    fn maybe_user<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).big_integer().null().to_owned()
    }

    fn course<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).string_len(255).not_null().to_owned()
    }

    fn flag<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .boolean()
            .not_null()
            .default(false)
            .to_owned()
    }

    fn count<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col)
            .big_integer()
            .not_null()
            .default(0)
            .to_owned()
    }

    /// A vote or flag table: one row per user and post.
    async fn post_marks(
        manager: &SchemaManager<'_>,
        table: DynIden,
        name: &str,
    ) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(table.clone())
                    .col(id(PostMark::Id))
                    .col(ColumnDef::new(PostMark::PostKind).string_len(16).not_null())
                    .col(ColumnDef::new(PostMark::PostId).big_integer().not_null())
                    .col(user(PostMark::UserId))
                    .col(at(PostMark::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            &format!("{name}_user_post"),
            table.clone(),
            vec![
                PostMark::UserId.into_iden(),
                PostMark::PostKind.into_iden(),
                PostMark::PostId.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            manager,
            &format!("{name}_post"),
            table,
            vec![PostMark::PostKind.into_iden(), PostMark::PostId.into_iden()],
            false,
        )
        .await
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(ForumThreads::Table)
                        .col(id(ForumThreads::Id))
                        .col(course(ForumThreads::CourseKey))
                        .col(
                            ColumnDef::new(ForumThreads::TopicId)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ForumThreads::ThreadType)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ForumThreads::Title)
                                .string_len(1024)
                                .not_null(),
                        )
                        .col(ColumnDef::new(ForumThreads::Body).text().not_null())
                        .col(user(ForumThreads::AuthorId))
                        .col(flag(ForumThreads::Anonymous))
                        .col(flag(ForumThreads::AnonymousToPeers))
                        .col(flag(ForumThreads::Pinned))
                        .col(flag(ForumThreads::Closed))
                        .col(ColumnDef::new(ForumThreads::CloseReason).text().null())
                        .col(maybe_user(ForumThreads::ClosedBy))
                        .col(maybe_at(ForumThreads::DeletedAt))
                        .col(maybe_user(ForumThreads::DeletedBy))
                        .col(at(ForumThreads::CreatedAt))
                        .col(at(ForumThreads::UpdatedAt))
                        .col(at(ForumThreads::LastActivityAt))
                        .col(count(ForumThreads::CommentCount))
                        .col(count(ForumThreads::VoteCount))
                        .col(count(ForumThreads::FlagCount))
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "forum_threads_course_topic",
                ForumThreads::Table,
                vec![
                    ForumThreads::CourseKey.into_iden(),
                    ForumThreads::TopicId.into_iden(),
                    ForumThreads::LastActivityAt.into_iden(),
                ],
                false,
            )
            .await?;
            index(
                manager,
                "forum_threads_course_activity",
                ForumThreads::Table,
                vec![
                    ForumThreads::CourseKey.into_iden(),
                    ForumThreads::LastActivityAt.into_iden(),
                ],
                false,
            )
            .await?;
            index(
                manager,
                "forum_threads_course_author",
                ForumThreads::Table,
                vec![
                    ForumThreads::CourseKey.into_iden(),
                    ForumThreads::AuthorId.into_iden(),
                ],
                false,
            )
            .await?;

            manager
                .create_table(
                    Table::create()
                        .table(ForumComments::Table)
                        .col(id(ForumComments::Id))
                        .col(
                            ColumnDef::new(ForumComments::ThreadId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(course(ForumComments::CourseKey))
                        .col(ColumnDef::new(ForumComments::ParentId).big_integer().null())
                        .col(ColumnDef::new(ForumComments::Body).text().not_null())
                        .col(user(ForumComments::AuthorId))
                        .col(flag(ForumComments::Anonymous))
                        .col(flag(ForumComments::AnonymousToPeers))
                        .col(flag(ForumComments::Endorsed))
                        .col(maybe_user(ForumComments::EndorsedBy))
                        .col(maybe_at(ForumComments::EndorsedAt))
                        .col(maybe_at(ForumComments::DeletedAt))
                        .col(maybe_user(ForumComments::DeletedBy))
                        .col(at(ForumComments::CreatedAt))
                        .col(at(ForumComments::UpdatedAt))
                        .col(count(ForumComments::VoteCount))
                        .col(count(ForumComments::FlagCount))
                        .col(count(ForumComments::ChildCount))
                        .foreign_key(
                            ForeignKey::create()
                                .from(ForumComments::Table, ForumComments::ThreadId)
                                .to(ForumThreads::Table, ForumThreads::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .from(ForumComments::Table, ForumComments::ParentId)
                                .to(ForumComments::Table, ForumComments::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "forum_comments_thread",
                ForumComments::Table,
                vec![
                    ForumComments::ThreadId.into_iden(),
                    ForumComments::ParentId.into_iden(),
                    ForumComments::CreatedAt.into_iden(),
                ],
                false,
            )
            .await?;
            index(
                manager,
                "forum_comments_parent",
                ForumComments::Table,
                vec![
                    ForumComments::ParentId.into_iden(),
                    ForumComments::CreatedAt.into_iden(),
                ],
                false,
            )
            .await?;
            index(
                manager,
                "forum_comments_course_flags",
                ForumComments::Table,
                vec![
                    ForumComments::CourseKey.into_iden(),
                    ForumComments::FlagCount.into_iden(),
                ],
                false,
            )
            .await?;

            post_marks(manager, ForumVotes::Table.into_iden(), "forum_votes").await?;
            post_marks(manager, ForumFlags::Table.into_iden(), "forum_flags").await?;

            manager
                .create_table(
                    Table::create()
                        .table(ForumFollows::Table)
                        .col(id(ForumFollows::Id))
                        .col(
                            ColumnDef::new(ForumFollows::ThreadId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(user(ForumFollows::UserId))
                        .col(at(ForumFollows::CreatedAt))
                        .foreign_key(
                            ForeignKey::create()
                                .from(ForumFollows::Table, ForumFollows::ThreadId)
                                .to(ForumThreads::Table, ForumThreads::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "forum_follows_thread_user",
                ForumFollows::Table,
                vec![
                    ForumFollows::ThreadId.into_iden(),
                    ForumFollows::UserId.into_iden(),
                ],
                true,
            )
            .await?;
            index(
                manager,
                "forum_follows_user",
                ForumFollows::Table,
                vec![ForumFollows::UserId.into_iden()],
                false,
            )
            .await?;

            manager
                .create_table(
                    Table::create()
                        .table(ForumReads::Table)
                        .col(id(ForumReads::Id))
                        .col(
                            ColumnDef::new(ForumReads::ThreadId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(user(ForumReads::UserId))
                        .col(at(ForumReads::LastReadAt))
                        .col(count(ForumReads::ReadCommentCount))
                        .foreign_key(
                            ForeignKey::create()
                                .from(ForumReads::Table, ForumReads::ThreadId)
                                .to(ForumThreads::Table, ForumThreads::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "forum_reads_user_thread",
                ForumReads::Table,
                vec![
                    ForumReads::UserId.into_iden(),
                    ForumReads::ThreadId.into_iden(),
                ],
                true,
            )
            .await?;

            manager
                .create_table(
                    Table::create()
                        .table(ForumEdits::Table)
                        .col(id(ForumEdits::Id))
                        .col(
                            ColumnDef::new(ForumEdits::PostKind)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(ColumnDef::new(ForumEdits::PostId).big_integer().not_null())
                        .col(
                            ColumnDef::new(ForumEdits::PreviousTitle)
                                .string_len(1024)
                                .null(),
                        )
                        .col(ColumnDef::new(ForumEdits::PreviousBody).text().not_null())
                        .col(user(ForumEdits::EditorId))
                        .col(ColumnDef::new(ForumEdits::Reason).text().null())
                        .col(at(ForumEdits::EditedAt))
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "forum_edits_post",
                ForumEdits::Table,
                vec![
                    ForumEdits::PostKind.into_iden(),
                    ForumEdits::PostId.into_iden(),
                ],
                false,
            )
            .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for table in [
                ForumEdits::Table.into_iden(),
                ForumReads::Table.into_iden(),
                ForumFollows::Table.into_iden(),
                ForumFlags::Table.into_iden(),
                ForumVotes::Table.into_iden(),
                ForumComments::Table.into_iden(),
                ForumThreads::Table.into_iden(),
            ] {
                manager
                    .drop_table(Table::drop().table(table).to_owned())
                    .await?;
            }
            Ok(())
        }
    }
}

mod m20261126_000007_preferences {
    //! Per-user preferences as keys and values (Open edX's
    //! `UserPreference`); the log of forum notification emails sent, so a
    //! retried notification job skips whoever already has theirs; indexes
    //! for a user's recent posts (the posting rate limit).

    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000007_preferences"
        }
    }

    #[derive(DeriveIden)]
    enum Users {
        Table,
        Id,
    }

    #[derive(DeriveIden)]
    enum UserPreferences {
        Table,
        Id,
        UserId,
        Key,
        Value,
        UpdatedAt,
    }

    #[derive(DeriveIden)]
    enum ForumThreads {
        Table,
        AuthorId,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum ForumComments {
        Table,
        AuthorId,
        CreatedAt,
    }

    #[derive(DeriveIden)]
    enum ForumNotifications {
        Table,
        Id,
        CommentId,
        UserId,
        SentAt,
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(UserPreferences::Table)
                        .col(
                            ColumnDef::new(UserPreferences::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(UserPreferences::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(UserPreferences::Key)
                                .string_len(255)
                                .not_null(),
                        )
                        .col(ColumnDef::new(UserPreferences::Value).text().not_null())
                        .col(
                            ColumnDef::new(UserPreferences::UpdatedAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .foreign_key(
                            ForeignKey::create()
                                .from(UserPreferences::Table, UserPreferences::UserId)
                                .to(Users::Table, Users::Id)
                                .on_delete(ForeignKeyAction::Cascade),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_user_preferences_user_key")
                        .table(UserPreferences::Table)
                        .col(UserPreferences::UserId)
                        .col(UserPreferences::Key)
                        .unique()
                        .to_owned(),
                )
                .await?;
            manager
                .create_table(
                    Table::create()
                        .table(ForumNotifications::Table)
                        .col(
                            ColumnDef::new(ForumNotifications::Id)
                                .big_integer()
                                .not_null()
                                .auto_increment()
                                .primary_key(),
                        )
                        .col(
                            ColumnDef::new(ForumNotifications::CommentId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ForumNotifications::UserId)
                                .big_integer()
                                .not_null(),
                        )
                        .col(
                            ColumnDef::new(ForumNotifications::SentAt)
                                .timestamp_with_time_zone()
                                .not_null(),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_forum_notifications_comment_user")
                        .table(ForumNotifications::Table)
                        .col(ForumNotifications::CommentId)
                        .col(ForumNotifications::UserId)
                        .unique()
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_forum_threads_author_created")
                        .table(ForumThreads::Table)
                        .col(ForumThreads::AuthorId)
                        .col(ForumThreads::CreatedAt)
                        .to_owned(),
                )
                .await?;
            manager
                .create_index(
                    Index::create()
                        .name("idx_forum_comments_author_created")
                        .table(ForumComments::Table)
                        .col(ForumComments::AuthorId)
                        .col(ForumComments::CreatedAt)
                        .to_owned(),
                )
                .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for (name, table) in [
                (
                    "idx_forum_comments_author_created",
                    ForumComments::Table.into_iden(),
                ),
                (
                    "idx_forum_threads_author_created",
                    ForumThreads::Table.into_iden(),
                ),
            ] {
                manager
                    .drop_index(Index::drop().name(name).table(table).to_owned())
                    .await?;
            }
            manager
                .drop_table(Table::drop().table(ForumNotifications::Table).to_owned())
                .await?;
            manager
                .drop_table(Table::drop().table(UserPreferences::Table).to_owned())
                .await
        }
    }
}

mod m20261126_000008_ora {
    //! Open response assessments: drafts, submissions (with their peer and
    //! staff grading locks and the count of peer assessments received) and
    //! assessments with their rubric parts (JSON).

    use sea_orm_migration::prelude::*;

    use super::columns::{at, id, index, maybe_at};

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000008_ora"
        }
    }

    #[derive(DeriveIden)]
    enum OraDrafts {
        Table,
        Id,
        CourseKey,
        ItemId,
        LearnerId,
        Answer,
        SavedAt,
    }

    #[derive(DeriveIden)]
    enum OraSubmissions {
        Table,
        Id,
        Uuid,
        CourseKey,
        ItemId,
        LearnerId,
        Attempt,
        Answer,
        SubmittedAt,
        Status,
        CancelledBy,
        CancelReason,
        CancelledAt,
        PeerCount,
        PeerLockedBy,
        PeerLockedUntil,
        StaffLockedBy,
        StaffLockedUntil,
    }

    #[derive(DeriveIden)]
    enum OraAssessments {
        Table,
        Id,
        SubmissionId,
        ScorerId,
        Kind,
        Parts,
        Feedback,
        PointsEarned,
        PointsPossible,
        CreatedAt,
    }

    fn text<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).text().not_null().to_owned()
    }

    fn key<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).string_len(255).not_null().to_owned()
    }

    fn number<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).big_integer().not_null().to_owned()
    }

    fn maybe_number<T: IntoIden>(col: T) -> ColumnDef {
        ColumnDef::new(col).big_integer().null().to_owned()
    }

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            manager
                .create_table(
                    Table::create()
                        .table(OraDrafts::Table)
                        .col(id(OraDrafts::Id))
                        .col(key(OraDrafts::CourseKey))
                        .col(key(OraDrafts::ItemId))
                        .col(number(OraDrafts::LearnerId))
                        .col(text(OraDrafts::Answer))
                        .col(at(OraDrafts::SavedAt))
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "ora_drafts_item_learner",
                OraDrafts::Table,
                vec![
                    OraDrafts::ItemId.into_iden(),
                    OraDrafts::LearnerId.into_iden(),
                ],
                true,
            )
            .await?;
            manager
                .create_table(
                    Table::create()
                        .table(OraSubmissions::Table)
                        .col(id(OraSubmissions::Id))
                        .col(
                            ColumnDef::new(OraSubmissions::Uuid)
                                .string_len(36)
                                .not_null()
                                .unique_key(),
                        )
                        .col(key(OraSubmissions::CourseKey))
                        .col(key(OraSubmissions::ItemId))
                        .col(number(OraSubmissions::LearnerId))
                        .col(number(OraSubmissions::Attempt))
                        .col(text(OraSubmissions::Answer))
                        .col(at(OraSubmissions::SubmittedAt))
                        .col(
                            ColumnDef::new(OraSubmissions::Status)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(maybe_number(OraSubmissions::CancelledBy))
                        .col(ColumnDef::new(OraSubmissions::CancelReason).text().null())
                        .col(maybe_at(OraSubmissions::CancelledAt))
                        .col(
                            ColumnDef::new(OraSubmissions::PeerCount)
                                .big_integer()
                                .not_null()
                                .default(0),
                        )
                        .col(maybe_number(OraSubmissions::PeerLockedBy))
                        .col(maybe_at(OraSubmissions::PeerLockedUntil))
                        .col(maybe_number(OraSubmissions::StaffLockedBy))
                        .col(maybe_at(OraSubmissions::StaffLockedUntil))
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "ora_submissions_item_learner_attempt",
                OraSubmissions::Table,
                vec![
                    OraSubmissions::ItemId.into_iden(),
                    OraSubmissions::LearnerId.into_iden(),
                    OraSubmissions::Attempt.into_iden(),
                ],
                true,
            )
            .await?;
            index(
                manager,
                "ora_submissions_item_peer",
                OraSubmissions::Table,
                vec![
                    OraSubmissions::ItemId.into_iden(),
                    OraSubmissions::Status.into_iden(),
                    OraSubmissions::PeerCount.into_iden(),
                ],
                false,
            )
            .await?;
            manager
                .create_table(
                    Table::create()
                        .table(OraAssessments::Table)
                        .col(id(OraAssessments::Id))
                        .col(number(OraAssessments::SubmissionId))
                        .col(number(OraAssessments::ScorerId))
                        .col(
                            ColumnDef::new(OraAssessments::Kind)
                                .string_len(16)
                                .not_null(),
                        )
                        .col(text(OraAssessments::Parts))
                        .col(text(OraAssessments::Feedback))
                        .col(number(OraAssessments::PointsEarned))
                        .col(number(OraAssessments::PointsPossible))
                        .col(at(OraAssessments::CreatedAt))
                        .foreign_key(
                            ForeignKey::create()
                                .from(OraAssessments::Table, OraAssessments::SubmissionId)
                                .to(OraSubmissions::Table, OraSubmissions::Id),
                        )
                        .to_owned(),
                )
                .await?;
            index(
                manager,
                "ora_assessments_submission",
                OraAssessments::Table,
                vec![OraAssessments::SubmissionId.into_iden()],
                false,
            )
            .await?;
            index(
                manager,
                "ora_assessments_scorer_kind",
                OraAssessments::Table,
                vec![
                    OraAssessments::ScorerId.into_iden(),
                    OraAssessments::Kind.into_iden(),
                ],
                false,
            )
            .await
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            for table in [
                OraAssessments::Table.into_iden(),
                OraSubmissions::Table.into_iden(),
                OraDrafts::Table.into_iden(),
            ] {
                manager
                    .drop_table(Table::drop().table(table).to_owned())
                    .await?;
            }
            Ok(())
        }
    }
}

mod m20261126_000009_list_indexes {
    //! Indexes that serve the forum's lists in their sort order without
    //! sorting the course (partial: visible threads only), count topics and
    //! responses from the index alone, and find the next runnable job
    //! without sorting the backlog (`jobs_queued` replaces `jobs_runnable`,
    //! which it extends). Measured with `just bench` (10,000
    //! threads, 100,000 responses): a thread page from ~10 ms of SQL to
    //! ~0.1 ms. The partial-index SQL is the same on SQLite and PostgreSQL.

    use sea_orm_migration::prelude::*;

    pub struct Migration;

    impl MigrationName for Migration {
        fn name(&self) -> &str {
            "m20261126_000009_list_indexes"
        }
    }

    const INDEXES: &[(&str, &str)] = &[
        (
            "forum_threads_list_activity",
            "forum_threads (course_key, pinned, last_activity_at, id) WHERE deleted_at IS NULL",
        ),
        (
            "forum_threads_list_votes",
            "forum_threads (course_key, pinned, vote_count, last_activity_at, id) WHERE deleted_at IS NULL",
        ),
        (
            "forum_threads_list_comments",
            "forum_threads (course_key, pinned, comment_count, last_activity_at, id) WHERE deleted_at IS NULL",
        ),
        (
            "forum_threads_list_topic",
            "forum_threads (course_key, topic_id, pinned, last_activity_at, id) WHERE deleted_at IS NULL",
        ),
        (
            "forum_threads_topic_counts",
            "forum_threads (course_key, topic_id, thread_type) WHERE deleted_at IS NULL",
        ),
        (
            "forum_comments_thread_visible",
            "forum_comments (thread_id, parent_id, deleted_at, created_at)",
        ),
        ("jobs_queued", "jobs (status, run_at, created_at)"),
        ("jobs_leased", "jobs (status, lease_until)"),
    ];

    #[async_trait::async_trait]
    impl MigrationTrait for Migration {
        async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            let db = manager.get_connection();
            for (name, on) in INDEXES {
                db.execute_unprepared(&format!("CREATE INDEX {name} ON {on}"))
                    .await?;
            }
            db.execute_unprepared("DROP INDEX jobs_runnable").await?;
            Ok(())
        }

        async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
            let db = manager.get_connection();
            db.execute_unprepared("CREATE INDEX jobs_runnable ON jobs (status, run_at)")
                .await?;
            for (name, _) in INDEXES {
                db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
            }
            Ok(())
        }
    }
}
