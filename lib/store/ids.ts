// What an id looks like: the store's own (newId: 12 of a 32-symbol alphabet) and the caller-chosen ones it
// accepts (a chat client's conversation id). The API checks ids in paths by the same rule (lib/http).

/** 1 to 64 letters, digits, '-' or '_'. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
