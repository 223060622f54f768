# cli: what the local CLI prints (messages, prompts, notes, warnings, progress lines, table
# headers). English text is the CLI's text as it was, character for character.

## The lines around an error and the notes/warnings of every command.
cli-error-line = error: { $message }
cli-warning = warning: { $message }
cli-no-command = no command given
cli-no-home = no home folder to put the data dir in: pass --data-dir or set GLANCE_WORKBENCH_DATA_DIR
cli-note-upgrade = note: upgrading the registry from schema { $from } to { $to } (about { $images } images), this runs once
cli-warning-read-only = warning: no space left on the disk of { $path }: the catalog is open for reading only
cli-note-interrupted-upload = note: image { $id }: an interrupted upload was found; the image is back in queued
cli-note-interrupted-download = note: image { $id }: an interrupted download from cloud { $cloud } was found; the image is back in queued (pull it again to resume)
cli-warning-missing-blob = warning: image { $id }: its data file is missing from the store
cli-note-removed-files = note: removed { $parts } abandoned upload file(s) and { $blobs } data file(s) of deleted images
cli-note-removed-temp = note: removed a temporary output a stopped run left behind: { $path }
cli-warning-quarantined = warning: { $count } image file(s) no image refers to were kept in { $path }; see them with `glance-workbench image recover` and register one with `glance-workbench image recover ID`

## Subjects of the CLI's own errors.
cli-subject-image = image "{ $name }"
cli-subject-image-id = image id "{ $id }"
cli-subject-task-id = task id "{ $id }"
cli-subject-marker = marker "{ $marker }"

## The CLI's own problems.
cli-not-a-uuid = not a UUID
cli-not-an-image-id = not an image id
cli-unset-nothing = nothing to unset: give --property or --tag
cli-set-nothing = nothing to change: give at least one option (see image set --help)
cli-dry-run-alone = --from-inspection-dry-run changes nothing: give it without other changes
cli-protected-conflict = --protected and --unprotected conflict
cli-auto-needs-file = --disk-format auto needs --file with a file (not standard input)
cli-from-inspection-needs-file = --from-inspection needs a file to look inside (not standard input)
cli-formats-needed = --disk-format and --container-format must both be given with --file
cli-delete-failed = { $failed } of { $count ->
    [one] { $count } image
   *[other] { $count } images
} could not be deleted
cli-inspect-unsafe-count = { $unsafe_count } of { $count } file(s) are unsafe
cli-shrink-refused = refusing to shrink from { $current } to { $requested } bytes: data past the new end would be lost; pass --shrink to confirm
cli-check-not-clean = qemu-img check found corruptions, leaks or errors
cli-columns-unknown = No recognized column names in [{ $asked }]. Recognized columns are [{ $known }].
cli-yaml-failed = cannot write YAML: { $error }

## What commands print.
cli-scrubbed = scrubbed { $count } image(s)
cli-verified = image "{ $name }": { $size } bytes match the recorded size, md5 and sha512
cli-verified-cleared = image "{ $name }": { $size } bytes match the recorded size, md5 and sha512 (the damaged mark is cleared)
cli-recover-nothing = nothing in { $path }
cli-recover-lost-file = { $id }  { $size } bytes  register with: glance-workbench image recover { $id }
cli-recover-lost-file-no-id = { $path }  { $size } bytes  (no image id in its name: import it with image create --file)
cli-recovered = recovered image { $id } "{ $name }" ({ $format }, { $size } bytes)
cli-detected-formats = detected { $found }: disk_format { $disk_format }, container_format { $container_format }
cli-guest-image = image { $name }
cli-guest-finding = note: { $message } ({ $code })
cli-guest-nothing-to-suggest = no properties to suggest
cli-guest-warning-saved = warning: { $message } (Glance accepts it; saved)

## Table cells people read (scripts get the plain value in every other format).
cli-status-damaged = { $status } (damaged)
cli-image-damaged-hint = { $reason }; restore the file and run `image verify`
cli-inspect-size = { $human } ({ $bytes } bytes)
cli-inspect-safe = safe
cli-inspect-unsafe = UNSAFE: { $reasons }

## Progress on stderr.
cli-progress-uploading = uploading { $name }
cli-progress-saving = saving { $name }
cli-progress-verifying = verifying { $name }
cli-progress-recovering = recovering { $id }
cli-progress-converting = converting { $name }
cli-progress-resizing = resizing { $name }
cli-progress-looking-inside = looking inside { $name }
cli-progress-bytes = { $what }: { $done }, { $rate }/s
cli-progress-total = { $what }: { $done } / { $total } ({ $percent }%), { $rate }/s
cli-progress-total-eta = { $what }: { $done } / { $total } ({ $percent }%), ETA { $eta }s, { $rate }/s
cli-progress-with-note = { $line } — { $note }
cli-progress-cancelling = cancelling (press Ctrl-C again to quit at once)…

## Prompts.
cli-ask-password = password for cloud { $cloud }:{ " " }
cli-ask-application-credential = application credential secret for cloud { $cloud }:{ " " }
cli-ask-token = token for cloud { $cloud }:{ " " }
cli-ask-totp = TOTP passcode for cloud { $cloud }:{ " " }
cli-ask-secret-to-keep = secret to keep in the keyring:{ " " }

## Table headers (-f table only; every other format and -c use the English names).
cli-column-id = ID
cli-column-name = Name
cli-column-status = Status
cli-column-disk-format = Disk Format
cli-column-container-format = Container Format
cli-column-size = Size
cli-column-virtual-size = Virtual Size
cli-column-checksum = Checksum
cli-column-visibility = Visibility
cli-column-protected = Protected
cli-column-project = Project
cli-column-tags = Tags
cli-column-image-id = Image ID
cli-column-member-id = Member ID
cli-column-time = Time
cli-column-from = From
cli-column-to = To
cli-column-cause = Cause
cli-column-type = Type
cli-column-image = Image
cli-column-owner = Owner
cli-column-field = Field
cli-column-value = Value
cli-column-setting = Setting
cli-column-suggested-property = Suggested property
cli-column-start = Start
cli-column-filesystem = Filesystem
cli-column-label = Label
cli-column-key = Key
cli-column-current = Current
cli-column-suggested = Suggested
cli-column-kind = Kind
cli-column-was = Was
cli-column-now = Now
cli-column-remote-id = Remote ID
cli-column-cloud = Cloud
cli-column-action = Action
cli-column-description = Description
cli-column-default = Default
cli-column-verified = Verified
cli-column-used = Used
cli-column-used-percent = Used %
cli-column-required = Required
cli-column-read-only = Read-only
cli-column-property = Property
cli-column-properties = Properties
cli-column-outcome = Outcome
cli-column-object = Object
cli-column-namespace = Namespace
cli-column-limit = Limit
cli-column-limit-value = Limit value
cli-column-last-accessed = Last accessed
cli-column-hits = Hits
cli-column-error = Error
cli-column-display-name = Display name
cli-column-detail = Detail
cli-column-counts = Counts
cli-column-case = Case
cli-column-auth = Auth
cli-column-auth-url = Auth URL
cli-column-on-images-as = On images as
cli-column-resource-types-prefix = Resource types (prefix)
