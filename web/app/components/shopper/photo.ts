/** Longest side of a photo sent from the phone: plenty to read a receipt, a fraction of the data. */
const MAX_SIDE = 1600
const QUALITY = 0.8

/**
 * Downscales a camera photo on the phone before it is stored and uploaded (a 12-megapixel photo is
 * 3–5 MB; this is usually 200–400 KB). Photos the browser cannot decode (HEIC on some phones) go as
 * they are; the server accepts HEIC too.
 */
export async function shrinkPhoto(file: File): Promise<{ blob: Blob; name: string }> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return { blob: file, name: file.name || 'photo' }
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) {
    bitmap.close()
    return { blob: file, name: file.name || 'photo' }
  }
  // JPEG has no transparency: a transparent PNG would turn black without a white ground.
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, height)
  ctx.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY))
  if (!blob) return { blob: file, name: file.name || 'photo' }
  const base = (file.name || 'photo').replace(/\.[^.]*$/, '')
  return { blob, name: `${base}.jpg` }
}

/** A data: URL for a thumbnail (the page's policy allows data: images, not blob: ones). */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(blob)
  })
}
