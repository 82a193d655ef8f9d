"""Playing a member's own copy: files of the operator's library folders streamed with
HTTP Range (or handed to nginx with X-Accel-Redirect), their subtitles as WebVTT,
technical details from ffprobe, the player on the film page and where each member
stopped ("Continue watching" on the home page)."""
