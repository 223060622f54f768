# Words every part of the program shares: Glance's enums as people read them, and plurals.
# English labels of Glance's enums are the API values themselves.

common-status-queued = queued
common-status-saving = saving
common-status-uploading = uploading
common-status-importing = importing
common-status-active = active
common-status-deactivated = deactivated
common-status-killed = killed
common-status-pending-delete = pending_delete
common-status-deleted = deleted

common-visibility-public = public
common-visibility-community = community
common-visibility-shared = shared
common-visibility-private = private

common-member-pending = pending
common-member-accepted = accepted
common-member-rejected = rejected

common-task-pending = pending
common-task-processing = processing
common-task-success = success
common-task-failure = failure

# A translated label with Glance's value beside it.
common-label-with-value = { $label } ({ $value })

common-images-count = { $count ->
    [one] { $count } image
   *[other] { $count } images
}

common-language = Language
# The language menu's first entry: follow the system's locale.
common-language-system = System ({ $lang })
