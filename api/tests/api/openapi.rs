//! The committed spec in `openapi/` must be what the code generates.

use std::path::PathBuf;

fn committed(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../openapi")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

#[test]
fn the_committed_openapi_json_matches_the_code() {
    assert!(
        committed("openapi.json") == api::openapi_json() + "\n",
        "openapi/openapi.json is out of date: run `just openapi` and commit the result"
    );
}

#[test]
fn the_committed_openapi_yaml_matches_the_code() {
    assert!(
        committed("openapi.yaml") == api::openapi_yaml(),
        "openapi/openapi.yaml is out of date: run `just openapi` and commit the result"
    );
}

#[test]
fn the_spec_documents_the_contract_paths_with_both_auth_schemes() {
    let spec: serde_json::Value = serde_json::from_str(&api::openapi_json()).unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/health",
        "/api/v1/ready",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} missing");
    }
    let schemes = &spec["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    let me = &spec["paths"]["/api/v1/me"]["get"];
    assert_eq!(me["operationId"], "get_me");
}
