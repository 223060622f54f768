# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

# `--lang xx` or GLANCE_WORKBENCH_LANG=xx: printed in every language, English first.
package-unknown-lang = unknown language "{ $value }": choose en or zh-CN

# Man pages (`generate man DIR` with --lang): the section headings clap_mangen writes.
package-man-name = NAME
package-man-synopsis = SYNOPSIS
package-man-description = DESCRIPTION
package-man-options = OPTIONS
package-man-subcommands = SUBCOMMANDS
package-man-version = VERSION
# What the synopsis calls a command's subcommand.
package-man-subcommand-value = subcommand

# A failed push or copy whose half-made remote image could not be deleted (src/backend/remote/
# cleanups.rs): the note added to the job's error.
package-cleanup-recorded = could not delete the remote image { $id }: { $error }; recorded as a pending cleanup, retried when the cloud answers again
package-cleanup-unrecorded = could not delete the remote image { $id }: { $error }; and could not record the pending cleanup: { $db }
