# backend: the library's own messages (errors, notes) in the user's language. See src/i18n/mod.rs.

## Subjects: what a message is about.
backend-subject-image = image "{ $name }"
backend-subject-new-image = new image
backend-subject-image-id = image id { $id }
backend-subject-property = property "{ $key }"
backend-subject-file = file { $path }

## Glance's field rules (validate.rs).
backend-name-too-long = name longer than { $max } characters ({ $count })
backend-tag-empty = a tag cannot be empty
backend-tag-too-long = tag longer than { $max } characters ({ $count })
backend-property-value-too-long = property "{ $key }": value longer than { $max } characters ({ $count })
backend-property-name-empty = a property name cannot be empty
backend-property-name-too-long = property name longer than { $max } characters ({ $count })
backend-property-reserved = property "{ $key }" is reserved by Glance
backend-property-read-only = "{ $key }" is read-only
backend-property-core-field = "{ $key }" is an image attribute, not a custom property: use its own option
backend-min-too-large = { $field } must be at most { $max } ({ $value } given)
backend-expected-key-value = expected KEY=VALUE
backend-too-many-tags = too many tags ({ $count }; at most { $max })
backend-too-many-properties = too many properties ({ $count }; at most { $max })

## The catalog: finding, creating and editing images (catalog.rs).
backend-io-create-data-dir = cannot create the data dir
backend-no-image-named = no image with name or id "{ $name }"
backend-no-image-id = no image with id { $id }
backend-image-deleted = { $subject } is deleted
backend-image-already-deleted = { $subject } is already deleted
backend-image-id-exists = an image with this id already exists
backend-formats-only-queued = disk_format and container_format can only change while the image is queued (it is { $status })
backend-no-property = { $subject } has no property "{ $key }"
backend-no-tag = { $subject } has no tag "{ $tag }"

## Status changes, deleting and restoring (state.rs, lifecycle.rs).
backend-image-protected = the image is protected and cannot be deleted (unprotect it first)
backend-restore-not-pending = only an image in pending_delete can be restored (it is { $status })
backend-upload-running = another upload of this image is running (its status is saving); wait for it to finish or cancel it
backend-status-changed = status is { $from }, expected { $expected } (changed by someone else)
backend-upload-needs-queued = data can only be uploaded to a queued image (it is { $status })

## Members (members.rs).
backend-members-need-shared = only images with visibility "shared" can have members (it is { $visibility }); set --visibility shared first
backend-member-id-length = a member must be a project id of 1 to { $max } characters
backend-member-exists = project { $project } is already a member
backend-too-many-members = too many members (at most { $max })
backend-not-a-member = project { $project } is not a member of { $image }

## Tasks (tasks.rs).
backend-io-create-task-lock-folder = cannot create the task lock folder
backend-io-create-task-lock = cannot create task lock
backend-io-lock-task-lock = cannot lock task lock
backend-no-task-id = no task with id { $id }

## A full disk (space.rs): where the space went and what can be freed.
backend-no-space-hint = free some space on that disk and try again (the image store { $store } holds { $store_size }, the remote cache { $cache } holds { $cache_size }; deleting through the workbench needs a little free space too)

## Uploads and exports (upload.rs).
backend-source-missing = the file to upload does not exist
backend-source-permission-denied = the file to upload cannot be read (permission denied)
backend-source-cannot-open = the file to upload cannot be opened ({ $error })
backend-source-directory = the file to upload is a directory
backend-source-char-device = the file to upload is a character device, which may never end (to upload a stream, pipe it to standard input with --file -)
backend-source-socket = the file to upload is a socket
backend-cancelled-pipe-wait = waiting for a writer on the pipe { $path }
backend-formats-before-upload = disk_format and container_format must both be set before data is uploaded
backend-inside-needs-regular-file = properties from what is inside need a regular file (a stream or a device cannot be looked into before it is read)
backend-upload-of = upload of { $subject }
backend-export-of = export of { $subject }
backend-deleted-while-receiving = image { $id } was deleted while its data was received
backend-deactivated-no-download = the image is deactivated: its data cannot be downloaded (reactivate it first)
backend-no-data-to-download = the image has no data to download (status { $status })
backend-io-start-open-thread = cannot start a thread to open
backend-io-read-image-data = cannot read image data
backend-io-read-upload-data = cannot read upload data
backend-io-write-image-data = cannot write image data
backend-io-read-data-of = cannot read the data of { $subject }
backend-io-write-data-of = cannot write the data of { $subject }
backend-io-flush-output = cannot flush the output file
backend-io-move-output = cannot move the output file into place

## Stored data checked against its recorded size and hashes (integrity.rs).
backend-data-file-missing = its data file is missing
backend-no-data-to-verify = the image has no data to verify (status { $status })
backend-stored-data-mismatch = the stored data of { $subject } does not match its recorded { $algo }
backend-read-for-resize = resize of { $subject }
backend-read-for-convert = convert of { $subject }
backend-read-for-verify = image verify of { $subject }
backend-read-for-check = image check of { $subject }
backend-read-for-measure = qemu-img measure of { $subject }
backend-read-for-info = qemu-img info of { $subject }
backend-read-for-inspection = data inspection of { $subject }

## What an upload's data must pass (inspection.rs).
backend-inspect-char-device = a character device cannot be inspected as a disk image
backend-inspect-pipe = a named pipe cannot be inspected as a disk image
backend-inspect-socket = a socket cannot be inspected as a disk image
backend-refused-unsafe = refused unsafe data ({ $what }): { $reasons }
backend-no-disk-format-for = the file is { $what }, which Glance has no disk_format for
backend-no-data-to-inspect = the image has no data to inspect (status { $status })

## Conversion and the qemu-img tools (convert/).
backend-subject-convert = convert
backend-subject-resize = resize
backend-subject-target-options = target options
backend-subject-converted-output = converted output { $path }
backend-no-glance-name = { $format } has no Glance name
backend-conversion-of = conversion of { $subject }
backend-read-needs-active = only an active image can be read (it is { $status })
backend-read-needs-bare = only container_format bare can be read by qemu-img
backend-not-a-qemu-format = its disk_format is not a qemu disk format
backend-qemu-cannot-read = { $what } is not a disk format qemu-img can read here (unwrap it first)
backend-verify-differs = verification failed: the converted image differs from its source: { $message }
backend-size-not-absolute = { $size } must be an absolute size
backend-cannot-convert-to = cannot convert to { $format }: use raw, qcow2, vmdk, vhd, vhdx or vdi
backend-not-writable = not writable
backend-qcow2-only-options = --compress, --compat and --cluster-size are qcow2 options
backend-unknown-preallocation = unknown preallocation { $value }
backend-unknown-compression = unknown compression { $value }
backend-unknown-compat = unknown compat { $value }
backend-unknown-subformat = unknown { $format } subformat { $value }
backend-cluster-size-too-large = cluster size too large
backend-preallocation-option = --preallocation is a raw and qcow2 option
backend-subformat-option = --subformat is a vmdk, vhd, vhdx and vdi option
backend-resize-does-not-fit = { $size } does not fit a { $bytes }-byte image
backend-io-read-resize-source = cannot read the image to resize
backend-io-copy-resize-source = cannot copy the image to resize

## Looking inside a disk (guest.rs).
backend-subject-cannot-look-inside = cannot look inside
backend-guest-conflict = image '{ $label }' says { $key }={ $current } but its disk holds { $holds }
backend-guest-no-data = there is no data to look inside (the image is { $status }; only active and deactivated images have data)
backend-guest-damaged = its stored data is marked damaged: restore it and run `image verify` first
backend-io-read-the-image-data = cannot read the image data
backend-guest-size-differs = its data file holds { $len } bytes but its recorded size is { $size }: run `image verify` to check it
backend-guest-size-unknown = its data file holds { $len } bytes but its recorded size is unknown: run `image verify` to check it
backend-guest-no-suggestion = what is inside suggests no value for "{ $key }"

## Metadata definitions (metadefs.rs).
backend-metadefs-builtin = the built-in table
backend-metadefs-cloud = cloud { $cloud }'s metadata definitions
backend-metadefs-not-allowed = "{ $value }" is not one of the values Glance's metadata definitions list for { $key }: { $allowed }
backend-metadefs-not-allowed-cloud = "{ $value }" is not one of the values cloud { $cloud }'s metadata definitions list for { $key }: { $allowed }
backend-metadefs-not-boolean = Glance's metadata definitions list { $key } as a boolean: "true" or "false", not "{ $value }"
backend-metadefs-not-boolean-cloud = cloud { $cloud }'s metadata definitions list { $key } as a boolean: "true" or "false", not "{ $value }"
backend-metadefs-not-integer = Glance's metadata definitions list { $key } as an integer, not "{ $value }"
backend-metadefs-not-integer-cloud = cloud { $cloud }'s metadata definitions list { $key } as an integer, not "{ $value }"

## Settings (settings.rs).
backend-subject-setting = setting { $key }
backend-subject-setting-quoted = setting "{ $key }"
backend-setting-not-boolean = "{ $value }" is not a boolean (true or false)
backend-setting-not-number = "{ $value }" is not a whole number
backend-setting-owner-length = a project id of 1 to { $max } characters is needed
backend-setting-unknown = unknown; known settings: { $known }

## Recovering lost image files (recover.rs).
backend-recover-no-file = no file for image { $id } in { $dir }
backend-subject-lost-file = lost image file { $path }
backend-recover-exists = it exists with status { $status }, so the file cannot become its data; it stays in { $path }
backend-io-link-lost-file = cannot link the lost image file into
backend-io-remove-lost-file = the image is registered, but cannot remove

## Work folders (workdir.rs).
backend-io-create-work-folder = cannot create a work folder
backend-io-create-work-folder-lock = cannot create a work folder lock
backend-io-lock-work-folder = cannot lock a work folder
backend-io-remove-work-folder = cannot remove an abandoned work folder
backend-io-create-output = cannot create the output file
