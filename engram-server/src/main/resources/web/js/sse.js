// Server-sent events read from a fetch() response. EventSource cannot POST or send an
// Authorization header, so the chat reads the stream itself.

/**
 * Yields each event of the response's body as {event, data}, data parsed as JSON, as soon as its
 * blank line arrives. Throws when the body ends inside an event or an event's data is not JSON.
 */
export async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) {
        yield event;
      }
      end = buffer.indexOf('\n\n');
    }
  }
  if (buffer.trim() !== '') {
    throw new Error('the reply stream ended in the middle of an event');
  }
}

function parse(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  if (data.length === 0) {
    return null;
  }
  try {
    return { event: name, data: JSON.parse(data.join('\n')) };
  } catch (e) {
    throw new Error(`a "${name}" event of the reply stream was not JSON`);
  }
}
