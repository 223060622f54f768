//! The Remotes view in Chinese.
