# window: see src/i18n/mod.rs for how ids are named and used.

# Shown when no CJK font is installed (the Chinese text of this notice carries English too).
window-no-cjk-font = No CJK font is installed, so Chinese text cannot be drawn: install { $package } (apt install { $package }).

## The top bar, the inspector's tabs, dropped files

window-import = Import…
window-import-hint = Import disk image files (Ctrl+I)
window-new-blank = New blank image…
window-new-blank-hint = Create an empty disk image with qemu-img
window-data-dir-hint = Data dir (registry and image store): { $dir }
window-open-failed = The catalog could not be opened: { $error }
window-start-new-registry = Start a new registry, keeping the image files in lost+found
window-lost-found = { $count } image file(s) no image refers to are kept in lost+found (nothing was deleted)
window-register-again = Register them again
window-recovered = a new registry was started; the image files are kept in lost+found until they are registered again
window-drop-upload = Drop one file here to upload its data into { $label }
window-drop-import = Drop disk images to import them
window-tab-details = Details
window-tab-sharing = Sharing
window-tab-state = State
window-loading = Loading…
window-select-hint = Select an image in the catalog.
window-selected-showing-one = { $count } images selected; showing one.
window-backend-busy = the backend is busy: try again
window-backend-stopped = the backend stopped
window-cannot-open = cannot open the window: { $error }

## Theme

window-theme = Theme
window-theme-hint = Light or dark appearance
window-theme-system = System theme
window-theme-light = Light
window-theme-dark = Dark
window-damaged = ⚠ damaged
# An image status (its label) marked as damaged.
window-damaged-status = ⚠ { $status } (damaged)
window-damaged-hint = Damaged: the stored data failed its size or hash check (see Details)
# A failure told in full elsewhere, shown where it happened by its last cause.
window-brief-error = { $prefix }: { $cause }

## The filter bar and the table

window-search = Search
window-search-hint = Search name, id or tag
window-filter-status = Status
window-filter-format = Format
window-filter-any = any
window-filter-visibility = Visibility
window-visibility-default = default
window-visibility-default-hint = Glance's default: all but other projects' community images
window-visibility-all = all
window-tag-hint = tag
window-tag-filter = Tag filter
window-tag-filter-hint = Only images with this exact tag
window-property-hint = property key=value
window-property-filter = Property filter
window-property-filter-hint = Only images whose property has this value
window-hidden = Hidden
window-hidden-hint = List images with os_hidden set instead of the visible ones
window-clear-filters = Clear filters
window-clear-filters-hint = Show every image again (the sort stays)
window-no-filter = No filter is set
window-count-selected = { $count ->
    [one] { $count } image
   *[other] { $count } images
} · { $selected } selected
window-updating = updating…
window-columns = Columns
window-columns-hint = Choose the table's columns (or right-click a column header)
window-sorted-by-this = The table is sorted by this column
window-reset-widths = Reset column widths
window-reset-widths-hint = Size every column to its content again
window-sort-hint = Sort by this column (click again to reverse)
window-column-name = Name
window-column-status = Status
window-column-disk = Disk
window-column-container = Container
window-column-size = Size
window-column-virtual-size = Virtual size
window-column-visibility = Visibility
window-column-protected = Protected
window-column-tags = Tags
window-column-updated = Updated
window-yes = yes
window-no = no
window-no-match = No images match these filters.
window-show-every-image = Show every image again
window-catalog-empty = The catalog is empty.
window-empty-start = Start by importing a disk image file, creating a blank image, or adding a cloud to pull images from.
window-empty-import = Import a file…
window-empty-import-hint = Import disk image files (Ctrl+I; Import… in the top bar)
window-empty-blank = Create a blank image…
window-empty-blank-hint = Create an empty disk image with qemu-img (New blank image… in the top bar)
window-empty-cloud = Add a cloud…
window-empty-cloud-hint = Go to Remotes and add an OpenStack cloud
window-copy-id = Copy ID

## Lifecycle: the actions, their refusals and dialogs

window-deactivate = Deactivate
window-reactivate = Reactivate
window-restore = Restore
window-delete = Delete
window-delete-ellipsis = Delete…
window-save-as = Save as…
window-menu-deactivate-refused = Only active images can be deactivated
window-menu-reactivate-refused = Only deactivated images can be reactivated
window-menu-restore-refused = Only images in pending_delete can be restored
window-menu-delete-refused = Deleted images cannot be deleted again
window-menu-save-as-refused = Only one active image's data can be saved
# $status: the image's status (in Chinese its label with Glance's value).
window-refuse-deactivate = Only an active image can be deactivated (it is { $status })
window-refuse-reactivate = Only a deactivated image can be reactivated (it is { $status })
window-refuse-restore = Only an image in pending_delete can be restored (it is { $status })
window-refuse-delete-deleted = The image is already deleted
window-refuse-delete-protected = Protected images cannot be deleted: clear "Protected" in the details first
window-export-deactivated = The image is deactivated: its data cannot be downloaded (reactivate it first)
window-export-no-data = The image has no data to download (status { $status })
window-upload-data-ellipsis = Upload data…
window-upload-data-hint = Upload a file into this queued image (image upload)
window-protected-warning = Protected: Glance refuses to delete it until "Protected" is cleared.
window-delete-one = Delete image "{ $label }"?
window-delete-many = { $count ->
    [one] Delete { $count } image?
   *[other] Delete { $count } images?
}
window-delete-explain = Its data is removed (kept in pending_delete, restorable, when delayed delete is on).
window-delete-protected = "{ $label }" is protected and will not be deleted (unprotect it first)
window-delete-all-protected = Every chosen image is protected
window-cancel = Cancel
window-no-file-picked = No file was picked (the desktop file dialog needs xdg-desktop-portal): type a path instead
window-upload-data = Upload data
window-upload-explain = Upload a file into the queued image "{ $label }". It is checked first: an unsafe file, or one that does not match the image's formats, is refused.
window-upload-path = Upload from path
window-browse = Browse…
window-browse-hint = Open the desktop's file picker (needs xdg-desktop-portal)
window-upload = Upload
window-upload-needs-path = Type a path or browse for a file first
window-export-title = Save image data
window-export-explain = Save the data of "{ $label }" to a file. It is verified against its checksums while written.
window-export-path = Save to path
window-save = Save

## Jobs and notices

window-dismiss = Dismiss
window-jobs = Jobs
window-jobs-count = { $running } running, { $finished } finished
window-jobs-clear = Clear finished
window-job-select-hint = Select the image
window-job-finishing = { $total } · finishing
window-job-progress = { $done } of { $total } · { $rate } · ETA { $eta }
window-job-cancel-hint = Stop this job; nothing half-written is kept
window-job-done = done in { $took }: { $summary }
window-job-cancelled = cancelled after { $took }
window-job-failed = failed: { $message }
window-job-import = Import { $label }
window-job-upload = Upload { $label }
window-job-export = Export { $label }
window-job-convert = Convert { $label }
window-job-resize = Resize { $label }
window-job-push = Push { $label }
window-job-pull = Pull { $label }
window-job-prefetch = Prefetch { $label }
window-job-update-remote = Update remote { $label }
window-job-verify = Verify { $label }
window-job-cleanup = Clean up { $label }
window-job-sync = Sync { $label }
window-job-copy-to-stores = Copy to stores { $label }
window-job-import-url = Import from URL { $label }
window-job-look-inside = Look inside { $label }

## Help: the menu, the keyboard shortcuts, About, the log folder

window-help = Help
window-help-shortcuts = Keyboard shortcuts
window-help-log-folder = Open log folder
window-help-log-folder-hint = Show { $dir } in the file manager
window-help-no-log-folder = There is no log folder
window-help-about = About Glance Workbench
window-close = Close
window-key-f1 = Show these keyboard shortcuts
window-key-import = Import disk image files
window-key-central = Show the Catalog, or the Remotes
window-key-tabs = Show Details, Sharing, or State
window-key-import-all = Import every ready file (in Import images)
window-key-esc = Close the topmost dialog or window; else revert Details' unsaved changes
window-key-save = Save the unsaved changes in Details
window-key-enter = Do a dialog's one action (Convert, Create, Resize, Save cloud, Start push)
window-key-move = Move through the catalog (outside text fields)
window-key-ctrl-click = Add an image to the selection, or take it out
window-key-shift-click = Select a range of images
window-key-select-all = Select the loaded rows of the catalog
window-key-delete = Delete the selected images (asks first)
# Cargo.toml's description (a test keeps the two the same).
window-about-description = A desktop workbench for OpenStack Glance disk images: local registry, store, conversion and sync
window-about-version = Version
window-about-data-dir = Data dir
window-about-log-folder = Log folder
window-about-no-log-folder = none (no home folder)
window-about-looking = looking…
window-about-licence = Licence
window-about-built-on = Built on
window-about-sqlite = SQLite (built into rusqlite) is in the public domain; qemu-img runs as a separate program.
window-log-opened = Opened the log folder { $dir }
window-log-no-folder = there is no log folder (no home folder): set { $env }
window-log-cannot-spawn = cannot open the log folder: { $error }
window-log-cannot-create = cannot create the log folder { $dir }: { $error }
window-log-cannot-run = cannot open the log folder { $dir } with { $opener }: { $error }
window-log-opener-failed = cannot open the log folder { $dir }: { $opener } failed ({ $status })
