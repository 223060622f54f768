//! The inspector in Chinese: Details, Sharing, State, Inside, import and lifecycle dialogs.
