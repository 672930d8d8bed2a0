//! The authorization helper every service calls.

use api::services::authz::{AuthzError, COURSE_TEAM, MODERATORS};
use shared_types::CourseRole;

use crate::helpers::TestApp;

crate::backend_tests!(
    learners_hold_no_course_power,
    course_staff_act_in_their_course_only,
    global_staff_act_in_every_course,
    only_instructors_and_global_staff_manage_the_team,
);

const COURSE: &str = "course-v1:Lyceum+CS101+2026";
const OTHER: &str = "course-v1:Lyceum+MA101+2026";

async fn learners_hold_no_course_power(app: TestApp) {
    let learner = app.user("learner", false, false).await;
    let authz = &app.state.authz;
    assert!(matches!(
        authz
            .require_course_role(&learner, COURSE, COURSE_TEAM)
            .await,
        Err(AuthzError::Forbidden)
    ));
    assert!(matches!(
        authz.require_global_staff(&learner),
        Err(AuthzError::Forbidden)
    ));
    assert!(!authz
        .has_course_role(&learner, COURSE, MODERATORS)
        .await
        .unwrap());
}

async fn course_staff_act_in_their_course_only(app: TestApp) {
    let root = app.user("root", true, true).await;
    let staff = app.user("staffer", false, false).await;
    let authz = &app.state.authz;
    authz
        .grant_course_role(&root, staff.id, COURSE, CourseRole::Staff)
        .await
        .unwrap();
    authz
        .require_course_role(&staff, COURSE, COURSE_TEAM)
        .await
        .unwrap();
    assert!(authz
        .require_course_role(&staff, OTHER, COURSE_TEAM)
        .await
        .is_err());
    // A beta tester or moderator is not course team.
    let tester = app.user("tester", false, false).await;
    authz
        .grant_course_role(&root, tester.id, COURSE, CourseRole::BetaTester)
        .await
        .unwrap();
    authz
        .grant_course_role(&root, tester.id, COURSE, CourseRole::CommunityTa)
        .await
        .unwrap();
    assert!(authz
        .require_course_role(&tester, COURSE, COURSE_TEAM)
        .await
        .is_err());
    assert!(authz
        .has_course_role(&tester, COURSE, MODERATORS)
        .await
        .unwrap());
    // Revoked means gone.
    assert_eq!(
        authz
            .revoke_course_role(&root, staff.id, COURSE, CourseRole::Staff)
            .await
            .unwrap(),
        api::store::accounts::Revoked::Revoked
    );
    assert!(authz
        .require_course_role(&staff, COURSE, COURSE_TEAM)
        .await
        .is_err());
}

async fn global_staff_act_in_every_course(app: TestApp) {
    let staff = app.user("global", true, false).await;
    let authz = &app.state.authz;
    authz.require_global_staff(&staff).unwrap();
    authz
        .require_course_role(&staff, COURSE, COURSE_TEAM)
        .await
        .unwrap();
    authz
        .require_course_role(&staff, OTHER, &[CourseRole::Instructor])
        .await
        .unwrap();
    assert!(
        authz.require_superuser(&staff).is_err(),
        "staff is not superuser"
    );
}

async fn only_instructors_and_global_staff_manage_the_team(app: TestApp) {
    let root = app.user("root", false, true).await;
    let instructor = app.user("teacher", false, false).await;
    let staff = app.user("staffer", false, false).await;
    let learner = app.user("learner", false, false).await;
    let authz = &app.state.authz;
    authz
        .grant_course_role(&root, instructor.id, COURSE, CourseRole::Instructor)
        .await
        .unwrap();
    authz
        .grant_course_role(&instructor, staff.id, COURSE, CourseRole::Staff)
        .await
        .unwrap();
    assert!(matches!(
        authz
            .grant_course_role(&staff, learner.id, COURSE, CourseRole::Staff)
            .await,
        Err(AuthzError::Forbidden)
    ));
    assert!(matches!(
        authz
            .grant_course_role(&instructor, learner.id, OTHER, CourseRole::Staff)
            .await,
        Err(AuthzError::Forbidden)
    ));
    assert!(!authz
        .has_course_role(&learner, COURSE, COURSE_TEAM)
        .await
        .unwrap());
}
