import { ApiError, writeHeaders } from '../api.ts'

/**
 * sends a file as the raw request body (the attachment route hashes it while
 * streaming), reporting progress in per cent. XMLHttpRequest, because fetch reports no
 * upload progress.
 */
export function uploadRaw<T>(path: string, body: Blob, contentType: string, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('content-type', contentType || 'application/octet-stream')
    xhr.setRequestHeader('accept', 'application/json')
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(Math.round((e.loaded / e.total) * 100))
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络'))
    xhr.onload = () => {
      let data: any = null
      try {
        data = JSON.parse(xhr.responseText)
      } catch {
        data = null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T)
      else reject(new ApiError(xhr.status, data?.code ?? `HTTP_${xhr.status}`, data?.message ?? `上传失败（HTTP ${xhr.status}）`))
    }
    xhr.send(body)
  })
}
