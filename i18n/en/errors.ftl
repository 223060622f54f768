# errors: the library's errors as the CLI shows them. English text is the library's own
# (its Display), character for character.

errors-subject-problem = { $subject }: { $problem }
# An image named by its id (or a name without quotes).
errors-subject-image-plain = image { $name }
errors-ambiguous = more than one image is named "{ $name }" ({ $count } of them): use the image id
errors-illegal-transition = { $image }: status cannot change from { $from } to { $to }
errors-illegal-task-transition = task { $task }: status cannot change from { $from } to { $to }
errors-unknown-value = { $what } "{ $value }" is not one of: { $allowed }
errors-cancelled = { $what }: cancelled
errors-corrupt = { $image }: data does not match its { $algo } checksum (stored blob is corrupt)
errors-database-too-new = the registry database has schema version { $found }, newer than this app supports ({ $supported }); upgrade Glance Workbench (the database was left untouched): { $path }
errors-registry-missing = the registry { $registry } is missing or empty, but the image store { $store } holds { $count } image file(s); nothing was changed. Restore the registry from a backup, or run `glance-workbench image recover` to start a new registry and keep those files in lost+found to register again
errors-too-large = { $subject }: the data is larger than the catalog's image_size_cap_bytes ({ $cap } bytes); raise it with `glance-workbench config set image_size_cap_bytes BYTES` if that is intended
errors-no-space = no space left on the disk of { $path }: { $hint }
errors-no-space-hint = free some space on that disk and try again (the image store { $store } holds { $store_size }, the remote cache { $cache } holds { $cache_size }; deleting through the workbench needs a little free space too)
errors-not-a-registry = { $path } is not a Glance Workbench registry (not an SQLite database); it was left untouched: restore it from a backup, or move it aside to start with an empty registry
errors-database = registry database error: { $error }
errors-io = { $action }: { $error }: { $path }
errors-inspect-open = cannot open { $path }: { $error }
errors-inspect-read = cannot read { $path }: { $error }
errors-inspect-directory = { $path } is a directory, not a disk image

## Not found, as the catalog says it.
errors-no-image-named = no image with name or id "{ $name }"
errors-no-image-id = no image with id { $id }
errors-no-task-id = no task with id { $id }
errors-deleted = { $subject } is deleted
errors-already-deleted = { $subject } is already deleted
errors-no-property = { $subject } has no property "{ $key }"
errors-no-tag = { $subject } has no tag "{ $tag }"
errors-not-a-member = project { $project } is not a member of image "{ $image }"

## The problems the library states most often.
errors-problem-protected = the image is protected and cannot be deleted (unprotect it first)
errors-problem-id-exists = an image with this id already exists
errors-problem-empty-tag = a tag cannot be empty
errors-problem-empty-property = a property name cannot be empty
errors-problem-key-value = expected KEY=VALUE
errors-problem-formats-before-upload = disk_format and container_format must both be set before data is uploaded
errors-problem-deactivated-download = the image is deactivated: its data cannot be downloaded (reactivate it first)
errors-problem-upload-running = another upload of this image is running
errors-problem-restore = only an image in pending_delete can be restored (it is { $status })
errors-problem-formats-queued = disk_format and container_format can only change while the image is queued (it is { $status })
errors-problem-already-member = project { $project } is already a member

## File operations and the operating system's errors.
errors-io-cannot-read = cannot read
errors-io-cannot-open = cannot open
errors-io-cannot-create = cannot create
errors-io-cannot-write = cannot write
errors-io-cannot-flush = cannot flush
errors-io-cannot-open-data = cannot open image data
errors-io-cannot-write-data = cannot write image data
errors-os-not-found = No such file or directory
errors-os-permission-denied = Permission denied
errors-os-already-exists = File exists
errors-os-storage-full = No space left on device
errors-os-is-a-directory = Is a directory
errors-os-not-a-directory = Not a directory
errors-os-with-code = { $error } (os error { $code })

# A file given as image data cannot be one.
errors-bad-source = { $problem }: { $path }
