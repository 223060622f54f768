# window-details: see src/i18n/mod.rs for how ids are named and used.
# The inspector (Details, Sharing, State, Inside), the Import form, the property editor's
# metadefs hints, the shared dialogs, and the guest report rows both front ends show.
# Glance's field names (min_disk, os_distro, property keys) and values stay as they are.

## Details (src/ui/details.rs)

# The subject the messages about one image use.
details-subject = image "{ $name }"
details-min-invalid = { $subject }: { $field } must be a whole number, 0 or more ("{ $text }" given)
# What the pending edit changes, in a few words (joined by details-summary-separator).
details-changed-name = name
details-changed-visibility = visibility
details-changed-protected = protected
details-changed-hidden = hidden
details-changed-disk-format = disk format
details-changed-container-format = container format
details-changed-tags = tags (+{ $added } −{ $removed })
details-changed-properties = properties ({ $set } set, { $removed } removed)
details-summary-separator = {", "}
details-unsaved-marker = ● Unsaved changes
details-saving = saving…
details-no-unsaved = No unsaved changes
details-save-changes = Save changes
details-save-changes-tip = Save every change below as one update (Ctrl+S)
details-fix-first = Fix the fields marked in red first
details-nothing-changed = Nothing changed
details-revert = Revert
details-revert-tip = Drop the unsaved changes (Esc)
details-warning-saved = { $warning } (Glance accepts it; saved as typed)
details-editable-fields = Editable fields
details-image-name = Image name
details-visibility = Visibility
details-flags = Flags
details-protected = Protected
details-protected-tip = A protected image cannot be deleted
details-hidden = Hidden
details-hidden-tip = os_hidden: left out of default listings
details-min-disk = min_disk (GiB)
details-min-ram = min_ram (MiB)
details-formats-queued-only = Formats can change only while the image is queued (before upload)
details-disk-format = Disk format
details-container-format = Container format
details-tags = Tags
details-no-tags = no tags
details-remove-tag-tip = Remove tag "{ $tag }"
details-tag-exists = { $subject } already has tag "{ $tag }"
details-too-many-tags = { $subject }: too many tags (at most { $max })
details-new-tag = New tag
details-add-tag = Add tag
details-custom-properties = Custom properties
details-no-custom-properties = no custom properties
details-value-of = value of { $key }
details-set-value = Set value
details-cancel = Cancel
details-edit = Edit
details-edit-key = Edit { $key }
details-remove = Remove
details-remove-key = Remove { $key }
details-read-only-banner = This image is { $status }: it is read-only
details-killed-note = Its upload failed, so Glance keeps it only to be deleted; nothing about it can be edited.
details-deleted-note = Deleted images cannot be edited; they are left out of the default list.
details-read-only-heading = Read-only (set by Glance)
details-status-damaged = { $status } (damaged)
details-data-inspection = Data inspection
details-no-data = No data yet
details-inspecting = inspecting the stored data…
details-refreshing = refreshing…
# The rows of the data inspection (qemu-img's words where it has them).
details-inspection-format = format
details-inspection-virtual-size = virtual size
details-inspection-subformat = subformat
details-inspection-cluster-size = cluster size
details-inspection-compat = compat
details-inspection-compression = compression
details-inspection-encryption = encryption
details-inspection-backing-file = backing file
details-inspection-data-file = data file
details-inspection-extents = extents
details-inspection-features = features
details-verdict-safe = Verdict: safe
details-verdict-unsafe = Verdict: unsafe
details-size-bytes = { $size } ({ $bytes } bytes)
details-damaged-banner = { $reason }. Nothing is made from it until it matches again: restore the file from a backup, then verify.
details-verify = Verify data
details-verify-tip = Read the stored data and check its size, md5 and sha512
details-prompt-title = Save changes to "{ $name }"?
details-prompt-unsaved = Unsaved changes: { $summary }.
details-prompt-lost-select = They are lost if another image is shown without saving.
details-prompt-lost-view = They are lost if the view is switched without saving.
details-prompt-lost-close = They are lost if the window closes without saving.
details-save = Save
details-discard = Discard

## The property editor's metadefs hints (src/ui/metadefs.rs)

# A well-known key's title and where it is defined (both from Glance's catalog, as given).
details-metadefs-from = { $title } — from { $source }
details-metadefs-examples = Examples:
details-metadefs-allowed = Allowed values:
details-metadefs-well-known = Well-known keys:
details-metadefs-too-many = { $subject }: too many properties (at most { $max })
details-metadefs-key = Key
details-metadefs-value = Value
details-metadefs-replace = Replace property
details-metadefs-add = Add property

## Sharing (src/ui/sharing.rs)

sharing-help-public = Every project sees it
sharing-help-community = Any project can use it, but it is not in their default list
sharing-help-shared = The owner and the member projects that accepted it
sharing-help-private = Only the owner project
sharing-deleted = { $subject } is deleted
sharing-needs-shared = { $subject }: only images with visibility "shared" can have members (it is { $visibility }); choose "shared" above first
sharing-too-many = { $subject }: too many members (at most { $max })
sharing-bad-project = { $subject }: a member must be a project id of 1 to { $max } characters
sharing-already-member = { $subject }: project { $project } is already a member
sharing-visibility = Visibility
sharing-at-once = Sharing changes apply at once (no Save needed).
sharing-members = Members ({ $count })
sharing-no-members = not shared with any project
sharing-members-cannot-see = These members cannot see the image while its visibility is { $visibility }.
sharing-remove = Remove
sharing-remove-tip = Stop sharing with project { $project }
sharing-answer = answer
sharing-answer-tip = Record project { $project }'s answer as { $status } (the member project or an admin does this)
sharing-since = since { $time }
sharing-project-hint = project id
sharing-project-id = Project ID
sharing-add-member = Add member
sharing-type-project-first = Type a project id first
sharing-footer = Glance: only shared images have members; a member sees the image in its default list once it has accepted. The owner adds and removes members; the member project (or an admin — this workbench acts as admin locally) records its answer.

## State (src/ui/state_panel.rs)

# A diagram node whose translated label differs from Glance's value: the label over the value.
state-node =
    { $label }
    { $value }
state-diagram = Status diagram
state-diagram-current = Status diagram, current status { $status }
state-final = { $status }: final, no transitions out
state-may-go = { $status } may go to: { $targets }
state-targets-separator = {", "}
state-diagram-tip = Glance's image status machine. Highlighted: the current status; strong arrows: transitions this image went through; accent arrows: where it may go next.
state-history = Transition history ({ $count })
state-no-history = no transitions recorded
state-time-tip =
    { $local } local
    { $utc } UTC
state-new = (new)
state-tasks = Tasks ({ $count })
state-no-tasks = no tasks
state-current = Current status: { $status }

## Inside (src/ui/inside.rs)

inside-heading = Inside
inside-look = Look inside
inside-look-tip = Read the partitions and filesystems read-only (at most 64 MiB) to find the operating system and the properties it suggests
inside-look-running-tip = Looking inside… (cancel it in the jobs area)
inside-look-damaged-tip = The stored data is damaged: restore it and verify it first
inside-look-no-data-tip = Only active and deactivated images have data to look inside
inside-looking = looking inside…
inside-not-yet = Not looked inside yet in this session.
inside-cancelled = cancelled
inside-partitions = Partitions
inside-suggested = Suggested properties
inside-nothing = nothing to suggest
inside-apply = Apply suggestions
inside-apply-tip = Set the { $count } new, differing or conflicting properties (saved as one update, checked like a typed property)
inside-apply-dirty = Save or revert the unsaved changes above first
inside-apply-matching = The properties already match what is inside
inside-apply-status = Only an active or deactivated image's properties are set from what is inside

## Import (src/ui/import.rs)

import-reading = reading the file…
import-refused = Glance would refuse this file: { $reasons }
import-choose-disk-format = choose a disk format
import-detected = Detected { $summary }; file { $size }, virtual size { $virtual_size }
import-new-name = New image name
import-choose = choose…
import-extras = Tags and properties
import-extras-counts = Tags and properties ({ $tags } tags, { $properties } properties)
import-import = Import
import-discard = Discard
import-from-inside = Set properties from what is inside
import-from-inside-tip = Look inside the file first (read-only, bounded) and set os_distro, os_version, architecture and the other properties its content suggests; a property given above for the same key wins
import-tags = Tags
import-no-tags = none
import-warning-imported = { $warning } (Glance accepts it; imported as typed)
import-nothing-picked = No file was picked (the desktop file dialog needs xdg-desktop-portal): type a path or drop files onto the window
import-title = Import images
import-file-path = File path
import-add-file = Add file
import-browse = Browse…
import-browse-tip = Open the desktop's file picker (needs xdg-desktop-portal)
import-drop-hint = Or drop files onto the window.
import-ctrl-enter = Ctrl+Enter imports every ready file.
import-all = Import all { $count }

## Shared dialogs (src/ui/dialogs.rs)

dialogs-pick-import-title = Import disk images
dialogs-save-data-title = Save image data as

## The guest report (src/app/guest.rs): the window's Inside section and image inspect --guest

guest-note-reading = reading the partitions and filesystems
guest-applied-none = image "{ $name }": its properties already match what is inside
guest-applied-set = image "{ $name }": set { $properties }
guest-applied-note = { $summary } (note: { $warning })
guest-kind-same = same
guest-kind-new = new
guest-kind-differs = differs
guest-kind-conflict = CONFLICT
guest-row-os = operating system
guest-row-family = family
guest-row-distribution = distribution
guest-row-read-from = read from
guest-row-architecture = architecture
guest-row-firmware = firmware
guest-row-qemu-agent = QEMU guest agent
guest-row-virtio = virtio drivers
guest-row-kernels = kernels
guest-row-root = root filesystem
guest-row-partition-table = partition table
guest-row-disk-format = disk format
guest-row-virtual-size = virtual size
guest-row-bytes-read = bytes read
guest-none-found = none found
guest-unknown = unknown
guest-firmware-both = BIOS and UEFI
guest-yes = yes
guest-no = no
guest-no-partition-table = none
guest-root-value = partition { $partition }, { $fs }, { $used } used of { $size }
guest-fs-not-read = { $fs } (not read)
