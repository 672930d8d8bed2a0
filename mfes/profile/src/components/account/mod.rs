//! The account: its details, its password and its personal API tokens.

mod account_details;
mod api_tokens;
mod change_password;

pub use account_details::AccountDetails;
pub use api_tokens::ApiTokens;
pub use change_password::ChangePassword;
