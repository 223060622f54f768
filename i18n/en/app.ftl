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

## Job outcomes (the jobs area and the status line)
app-recovered-lost = registered { $count } image(s) from lost+found again
app-image-now = image "{ $name }" is now { $status }
app-imported = imported "{ $name }" ({ $size })
app-uploaded = uploaded { $size } into "{ $name }"
app-exported = saved { $size } to { $path } (checksums verified)
app-verified = verified { $size }: size, md5 and sha512 match
app-verified-damage-cleared = verified { $size }: size, md5 and sha512 match (the damaged mark is cleared)
app-looked-inside = looked inside "{ $name }": { $os }
app-looked-inside-some-os = looked inside "{ $name }": an operating system
app-looked-inside-no-os = looked inside "{ $name }": no operating system found
# A conversion written to a file (no catalog image); $options: qemu-img's options (untranslated).
app-converted-file = converted ({ $options })
app-converted-verified = converted to "{ $name }" ({ $options }, { $size }); verified identical by qemu-img compare
app-converted-not-verified = converted to "{ $name }" ({ $options }, { $size }); not verified
app-resized = resized into "{ $name }" (virtual size { $size })

## The service's own troubles
app-service-thread-failed = cannot start the service thread: { $error }
app-job-thread-failed = cannot start the job thread: { $error }
# $name: the thread's name (qemu-img, guest-conflicts, …).
app-thread-failed = cannot start a { $name } thread: { $error }
# $error: the full-disk explanation.
app-read-only = { $error } — the catalog is open for reading only

## Cloud secrets (sessions)
# The subject of an error about one cloud.
app-subject-cloud = cloud "{ $name }"
app-no-secret-hint = no secret: put it in secure.yaml or clouds.yaml, OS_PASSWORD / OS_APPLICATION_CREDENTIAL_SECRET, the keyring (cloud add --store-secret), or run on a terminal to be asked
app-no-passcode-hint = no TOTP passcode: it is asked for each time (run on a terminal), or given for one run as auth.passcode in secure.yaml (OS_PASSCODE for envvars)
