# app: what the application service says when an operation is done (the window's status
# line). See src/i18n/mod.rs for how ids are named and used.

app-saved-image = saved image "{ $name }"
app-shared-with = shared with project { $project }
app-stopped-sharing = stopped sharing with project { $project }
app-member-now = member { $project } is now { $status }
app-saved-remote-image = saved remote image "{ $name }"
app-remote-deactivated = remote image { $id } deactivated
app-remote-reactivated = remote image { $id } reactivated
app-remote-deleted = deleted remote image { $id }
app-remote-shared = shared remote image { $id } with project { $project }
app-remote-stopped-sharing = stopped sharing remote image { $id } with { $project }
app-remote-membership = remote image { $id }: membership { $status }
