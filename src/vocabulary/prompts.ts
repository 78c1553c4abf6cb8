// What a user_prompt event is. In 2.1.332 an asynchronous subagent's result comes back to the main
// loop as a user_prompt whose text is a `<task-notification>` block: not something a person typed.
// (With prompts redacted the text is unknown, and such a prompt counts as typed.)
export const taskNotificationPrefix = '<task-notification>';

export function isTypedByPerson(prompt: string | null): boolean {
  return prompt === null || !prompt.startsWith(taskNotificationPrefix);
}
