# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

## The copy between clouds as the service words it (app::remote::copy) and the window's jobs
copy-outcome-copied = copied "{ $label }" from cloud "{ $from }" to cloud "{ $to }": image "{ $target }" ({ $id }), { $size }, verified on both sides
copy-outcome-linked = cloud "{ $to }" already holds the data of "{ $label }" (cloud "{ $from }") as image "{ $target }" ({ $id }): linked, nothing copied
copy-job-title = Copy to cloud { $label }

## "Copy to cloud…" (ui/remotes/copy.rs)
copy-action = Copy to cloud…
copy-action-hover = Copy this image to another cloud: the data streams through the workbench and is verified on both sides
copy-action-no-other-cloud = There is no other cloud to copy to: add one first
copy-action-needs-active = Only an active image has data to copy
copy-dialog-title = Copy "{ $image }" to another cloud
copy-dialog-title-many = Copy { $count } images to another cloud
copy-dialog-from = { $count ->
    [one] Source: cloud "{ $cloud }"
   *[other] Source: { $count } images of cloud "{ $cloud }" (one job each)
}
copy-dialog-more = … and { $count } more
copy-dialog-target = Target cloud
copy-dialog-choose = (choose a cloud)
copy-dialog-keep-failed = Keep the target image if the copy fails
copy-dialog-keep-failed-hover = Otherwise a failed copy's half-made image on the target cloud is deleted
copy-dialog-explained = The data streams through the workbench (nothing is kept locally) and is checked against the source's os_hash_value on both sides. If the target cloud already holds the same data, you are asked first.
copy-dialog-start = Start copy
copy-dialog-choose-first = Choose the target cloud first

## The same-data question for a copy
copy-same-title = Same data already on cloud "{ $cloud }"
copy-same-link = Link to the existing image
copy-same-copy = Copy anyway
copy-same-explained = Link reports image "{ $label }" ({ $id }) of cloud "{ $to }" as the copy and writes nothing on either cloud; Copy anyway makes a second image on "{ $to }" with the data from cloud "{ $from }".

## Remote rows dragged over another cloud of the clouds list
copy-drag-hint-one = copy "{ $name }" to cloud "{ $cloud }"…
copy-drag-hint-many = copy { $count } images to cloud "{ $cloud }"…
